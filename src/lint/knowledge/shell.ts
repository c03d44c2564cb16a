import { type ShellCommand as ParsedCommand, parseShell } from '../../dockerfile/index.js';
import type { Instruction } from '../../model/dockerfile.js';

/** A simple command of a RUN, wrappers (`sudo`, `env X=1`, `nohup`) removed so the program comes first. */
export interface ShellCommand {
  words: string[];
  /** `NAME=value` assignments written before the command (and after `env`). */
  env: Record<string, string>;
}

/** The shell script a RUN executes: its heredoc bodies, its shell-form text, or the `sh -c` of an exec form. */
export function runScript(ins: Instruction): string {
  if (ins.jsonForm) {
    const [cmd, flag, script] = ins.words;
    if (cmd && /(^|\/)(ba)?sh$/.test(cmd) && flag === '-c' && script !== undefined) return script;
    return ins.words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  }
  if (ins.heredocs.length > 0) {
    const rest = (ins.args.split('\n')[0] ?? '').replace(/<<-?\s*["']?\w+["']?/g, '').trim();
    return [rest, ...ins.heredocs.map((h) => h.body)].filter((s) => s !== '').join('\n');
  }
  return ins.args;
}

const WRAPPERS = new Set(['sudo', 'env', 'nohup', 'nice', 'exec', 'command']);

function unwrap(cmd: ParsedCommand): ShellCommand {
  const env = { ...cmd.env };
  let i = 0;
  while (i < cmd.words.length) {
    const w = cmd.words[i]!;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
    if (WRAPPERS.has(w)) i++;
    else if (w.startsWith('-') && i > 0 && WRAPPERS.has(cmd.words[i - 1] ?? '')) i++;
    else if (assign && i > 0) {
      env[assign[1]!] = assign[2]!;
      i++;
    } else break;
  }
  return { words: cmd.words.slice(i), env };
}

/** The simple commands of a shell script. */
export function splitCommands(script: string): ShellCommand[] {
  return parseShell(script).map(unwrap);
}

const commandsCache = new WeakMap<Instruction, readonly ShellCommand[]>();

/**
 * The simple commands of a RUN instruction (empty for other keywords). Split once per instruction and
 * shared by every rule that asks, so the result is read-only.
 */
export function runCommands(ins: Instruction): readonly ShellCommand[] {
  if (ins.keyword !== 'RUN') return [];
  let commands = commandsCache.get(ins);
  if (!commands) {
    commands = splitCommands(runScript(ins));
    commandsCache.set(ins, commands);
  }
  return commands;
}

/** The program name of a command: `/usr/bin/pip3` -> `pip3`. */
export function programOf(cmd: ShellCommand): string {
  return (cmd.words[0] ?? '').split('/').pop() ?? '';
}
