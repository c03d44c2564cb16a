import path from 'node:path';
import { parseShell } from '../../util/shell.js';
import { type BuildCommand, buildArgv, parseBuildCommand } from '../script-build-command.js';
import { anchoredToRel, expand, type ScriptScope } from '../script-expand.js';
import { isUnresolved } from '../script-text.js';

/**
 * What one recipe line does that a scan follows: `docker build`-like commands (with the shell variables
 * set earlier on the same line, `cd`, and `for` loops over literal words) and sub-makes
 * (`$(MAKE) -C dir VAR=value target`). Split into commands by the one shell reader.
 */
export type RecipeAction =
  | { kind: 'build'; command: BuildCommand; cwd: string }
  | { kind: 'make'; cwd: string; file?: string; goals: string[]; commandLine: Record<string, string> };

/** Loop iterations per recipe line at most. */
const MAX_ITERATIONS = 200;

/** Unresolved parts may hold spaces and quotes: hide them from the shell reader, restore them after. */
function protect(text: string): string {
  return text.replace(/\u0001[^\u0002]*\u0002/g, (m) =>
    m.replace(/[\s'"`;&|<>()\\]/g, (c) => `\u0004${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  );
}

function restore(text: string): string {
  return text.replace(/\u0004([0-9a-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Shell expansion of a word, leaving the parts make could not resolve as they are. */
function expandWord(word: string, scope: ScriptScope): string {
  return word
    .split(/(\u0001[^\u0002]*\u0002)/)
    .map((part) => (part.startsWith('\u0001') ? part : expand(part, scope)))
    .join('');
}

export function recipeActions(text: string, file: string, cwd: string): RecipeAction[] {
  const commands = parseShell(protect(text));
  const scope: ScriptScope = { dialect: 'sh', file, vars: new Map(), arrays: new Map(), cwd };
  const out: RecipeAction[] = [];
  let iterations = 0;
  const run = (from: number, local: ScriptScope): void => {
    for (let i = from; i < commands.length; i++) {
      const cmd = commands[i]!;
      const raw = cmd.words.map(restore);
      if (raw[0] === 'for' && raw[2] === 'in' && raw[1] !== undefined) {
        const list = raw.slice(3).flatMap((w) => expandWord(w, local).split(/\s+/).filter(Boolean));
        if (list.some(isUnresolved)) return;
        for (const value of list) {
          if (iterations++ > MAX_ITERATIONS) return;
          const inner: ScriptScope = { ...local, vars: new Map(local.vars) };
          inner.vars.set(raw[1], value);
          run(i + 1, inner);
        }
        return;
      }
      for (const [name, value] of Object.entries(cmd.env))
        local.vars.set(name, expandWord(restore(value), local));
      if (raw.length === 0) continue;
      const words = raw.map((w) => expandWord(w, local));
      const program = path.posix.basename(words[0]!);
      if (program === 'cd' || program === 'pushd') {
        const to = words[1];
        if (to === undefined || isUnresolved(to) || to.startsWith('/')) delete local.cwd;
        else if (to.startsWith('\u0003')) local.cwd = anchoredToRel(to) ?? '.';
        else if (local.cwd !== undefined) local.cwd = path.posix.normalize(path.posix.join(local.cwd, to));
        continue;
      }
      if (program === 'make' || program === 'gmake') {
        if (local.cwd !== undefined) out.push(subMake(words.slice(1), local.cwd));
        continue;
      }
      const argv = buildArgv(words);
      if (argv && local.cwd !== undefined)
        out.push({
          kind: 'build',
          command: parseBuildCommand(argv, { keepUnresolvedArgs: true }),
          cwd: local.cwd,
        });
    }
  };
  run(0, scope);
  return out;
}

function subMake(args: string[], cwd: string): RecipeAction & { kind: 'make' } {
  const action: RecipeAction & { kind: 'make' } = { kind: 'make', cwd, goals: [], commandLine: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const dir = /^(?:-C|--directory=?)(.*)$/.exec(a);
    if (dir) {
      const value = dir[1] !== '' ? dir[1]! : args[++i];
      if (value !== undefined) action.cwd = joinDir(action.cwd, value);
      continue;
    }
    const f = /^(?:-f|--file=?|--makefile=?)(.*)$/.exec(a);
    if (f) {
      const value = f[1] !== '' ? f[1] : args[++i];
      if (value !== undefined) action.file = value;
      continue;
    }
    if (/^-[jlOo]$/.test(a) || a === '--jobs') {
      if (/^\d+$/.test(args[i + 1] ?? '')) i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    const eq = /^([A-Za-z_][\w.-]*)=(.*)$/.exec(a);
    if (eq) action.commandLine[eq[1]!] = eq[2]!;
    else action.goals.push(a);
  }
  return action;
}

function joinDir(cwd: string, dir: string): string {
  if (dir.startsWith('\u0003')) return anchoredToRel(dir) ?? '.';
  return path.posix.normalize(path.posix.join(cwd, dir));
}
