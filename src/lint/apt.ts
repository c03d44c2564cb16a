import type { Instruction } from '../model/dockerfile.js';
import { runScript, type ShellCommand } from './commands.js';

/** `apt-get install ...` (and `apt install`, `aptitude install`) commands of a RUN. */
export function aptInstalls(ins: Instruction, tools: string[] = ['apt-get']): ShellCommand[] {
  return runScript(ins).commands.filter((c) => tools.includes(c.name) && subcommand(c) === 'install');
}

/** Options of apt-get and apt whose value is the next word (`-o X=Y`, `-t release`). */
const VALUE_OPTIONS = new Set(['-o', '-t', '-c', '--option', '--target-release']);

/** The words that are not options nor option values: `apt-get -o X=Y install -y curl` -> install, curl. */
function operands(cmd: ShellCommand): string[] {
  const out: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** The first operand: `apt-get -q update` -> update. Skips the values of `-o X=Y` and `-t release`. */
export function subcommand(cmd: ShellCommand): string | undefined {
  return operands(cmd)[0];
}

/** Package operands after `install`: `apt-get install -y curl=7.88* git` -> curl=7.88*, git. */
export function aptPackages(cmd: ShellCommand): string[] {
  const ops = operands(cmd);
  const install = ops.indexOf('install');
  return install < 0 ? [] : ops.slice(install + 1);
}
