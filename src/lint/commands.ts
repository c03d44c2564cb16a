import { commandName, hasFlag, parseShell, type ShellCommand as SplitCommand } from '../dockerfile/index.js';
import type { Instruction } from '../model/dockerfile.js';

export { hasFlag };

/**
 * One simple command of a RUN script, as the shell splitter gives it, plus where it sits:
 * `FOO=1 pip install -r req.txt` -> name pip, args [install, -r, req.txt], env {FOO: 1}.
 */
export interface ShellCommand extends SplitCommand {
  /** Program name without its path (`/usr/bin/apt-get` -> `apt-get`); empty for a bare assignment. */
  name: string;
  /** Words after the name. */
  args: string[];
  /** Which pipeline of the script it belongs to, and its place in it (0 = first). */
  pipeline: number;
  position: number;
  /** Found inside `$(...)` or backticks. */
  substituted: boolean;
  /** Run through a wrapper (`sudo apt-get ...` yields `sudo` and, wrapped, `apt-get`). */
  wrapped: boolean;
}

export interface RunScript {
  commands: ShellCommand[];
  /** Pipelines of two or more commands (`curl ... | sh`); a wrapped stage counts as what it wraps. */
  pipes: ShellCommand[][];
  /** The shell text that was analysed (heredoc bodies that are scripts included). */
  text: string;
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);
const WRAPPERS = new Set([
  'sudo',
  'env',
  'nohup',
  'time',
  'exec',
  'command',
  'nice',
  'xargs',
  'doas',
  'gosu',
  'su-exec',
]);
const cache = new WeakMap<Instruction, RunScript>();

/**
 * The commands a RUN instruction runs. A heredoc body is analysed when it is the script itself
 * (`RUN <<EOF`, `RUN bash <<EOF`) and left alone when another program reads it (`RUN python3 <<EOF`);
 * exec form `["sh", "-c", "..."]` is read as the script it runs.
 */
export function runScript(ins: Instruction): RunScript {
  const hit = cache.get(ins);
  if (hit) return hit;
  const script = fromText(scriptText(ins));
  cache.set(ins, script);
  return script;
}

/** Every command of the script with one of these program names (wrapped ones included). */
export function commandsNamed(ins: Instruction, ...names: string[]): ShellCommand[] {
  return runScript(ins).commands.filter((c) => names.includes(c.name));
}

function scriptText(ins: Instruction): string {
  if (ins.jsonForm) {
    const [program = '', flag, script] = ins.words;
    if (SHELLS.has(basename(program)) && flag === '-c' && script !== undefined) return script;
    return ins.words.map(quote).join(' ');
  }
  if (ins.heredocs.length === 0) return ins.args;
  const head = ins.args.split('\n')[0] ?? '';
  const bodies = ins.heredocs.filter((h) => {
    const reader = heredocReader(head, h.delimiter);
    return reader === undefined || SHELLS.has(reader);
  });
  // The first line without its `<<EOF` markers is a command too, unless it is only the marker.
  const headCommand = head.replace(/<<-?\s*["']?[\w.-]+["']?/g, ' ').trim();
  return [headCommand, ...bodies.map((h) => h.body)].filter((t) => t !== '').join('\n');
}

/** The program that reads heredoc `delimiter` on the RUN line (`python3 <<EOF` -> python3). */
function heredocReader(head: string, delimiter: string): string | undefined {
  const re = new RegExp(`(?:^|[;&|]\\s*)([^\\s;&|<]*)[^;&|<]*<<-?\\s*["']?${escapeRe(delimiter)}["']?`);
  const word = re.exec(head)?.[1];
  return word ? basename(word) : undefined;
}

function fromText(text: string): RunScript {
  const commands: ShellCommand[] = [];
  addCommands(text, commands, { pipeline: 0 }, false, 0);
  const all = unwrap(commands);
  const stages = new Map<string, ShellCommand>();
  for (const c of all) stages.set(`${c.pipeline}:${c.position}`, c);
  const byPipeline = new Map<number, ShellCommand[]>();
  for (const c of stages.values()) {
    const list = byPipeline.get(c.pipeline) ?? [];
    list.push(c);
    byPipeline.set(c.pipeline, list);
  }
  return { commands: all, pipes: [...byPipeline.values()].filter((p) => p.length > 1), text };
}

function addCommands(
  text: string,
  out: ShellCommand[],
  state: { pipeline: number },
  substituted: boolean,
  depth: number,
): void {
  const split = parseShell(text);
  let position = 0;
  split.forEach((c, i) => {
    if (c.operator === '|') position++;
    else {
      if (i > 0) state.pipeline++;
      position = 0;
    }
    out.push({
      ...c,
      name: commandName(c) ?? '',
      args: c.words.slice(1),
      pipeline: state.pipeline,
      position,
      substituted,
      wrapped: false,
    });
  });
  state.pipeline++;
  if (depth > 3) return;
  for (const c of split) {
    for (const word of c.words)
      for (const inner of substitutions(word)) addCommands(inner, out, state, true, depth + 1);
  }
}

/** Scripts inside `$(...)` and backticks of a word; `$((...))` arithmetic is not a command. */
function substitutions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    if (word[i] === '$' && word[i + 1] === '(' && word[i + 2] !== '(') {
      const close = matchParen(word, i + 1);
      out.push(word.slice(i + 2, close));
      i = close;
    } else if (word[i] === '`') {
      const close = word.indexOf('`', i + 1);
      const stop = close < 0 ? word.length : close;
      out.push(word.slice(i + 1, stop));
      i = stop;
    }
  }
  return out;
}

/** Adds the command a wrapper runs (`sudo -E apt-get install` -> apt-get install), marked `wrapped`. */
function unwrap(commands: ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const c of commands) {
    out.push(c);
    let current = c;
    while (WRAPPERS.has(current.name)) {
      const rest = current.args.slice();
      while (rest.length > 0 && (rest[0]!.startsWith('-') || /^[A-Za-z_]\w*=/.test(rest[0]!))) {
        const opt = rest.shift()!;
        if (current.name === 'sudo' && /^-[ugpCrtUh]$/.test(opt)) rest.shift();
      }
      const [program, ...args] = rest;
      if (!program) break;
      current = { ...current, words: rest, name: basename(program), args, wrapped: true };
      out.push(current);
    }
  }
  return out;
}

/** Index of the `)` closing the `(` at `open`; the text length when unclosed. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return text.length;
}

function basename(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The words of `args` that are not options nor option values: options in `valueOptions` take the next
 * word unless written `--opt=value`; `--` ends the options.
 */
export function operands(args: readonly string[], valueOptions: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (optionsDone || !a.startsWith('-') || a === '-') out.push(a);
    else if (a === '--') optionsDone = true;
    else if (valueOptions.has(a)) i++;
  }
  return out;
}

/** The commands of a RUN run by one of these programs with one of these subcommands (first operand). */
export function subcommandsOf(
  ins: Instruction,
  programs: readonly string[],
  subcommands: readonly string[],
  valueOptions: ReadonlySet<string> = new Set(),
): ShellCommand[] {
  return runScript(ins).commands.filter(
    (c) => programs.includes(c.name) && subcommands.includes(operands(c.args, valueOptions)[0] ?? ''),
  );
}

/**
 * Whether every command matching `isWork` is followed, later in the same script, by one matching
 * `isCleanup` (`apt-get install ... && rm -rf /var/lib/apt/lists/*`). True when nothing matches `isWork`.
 */
export function cleanedAfter(
  ins: Instruction,
  isWork: (c: ShellCommand) => boolean,
  isCleanup: (c: ShellCommand) => boolean,
): boolean {
  const commands = runScript(ins).commands;
  let pending = false;
  for (const c of commands) {
    if (isWork(c)) pending = true;
    else if (pending && isCleanup(c)) pending = false;
  }
  return !pending;
}

/** `rm` of one of these folders or of something inside them (`rm -rf /var/cache/yum/*`). */
export function removesUnder(c: ShellCommand, dirs: readonly string[]): boolean {
  if (c.name !== 'rm') return false;
  return c.args.some((a) => {
    const path = a.replace(/\/?\*?$/, '');
    return dirs.some((d) => path === d || path.startsWith(`${d}/`));
  });
}
