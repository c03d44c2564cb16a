import path from 'node:path';
import { anchored, isUnresolved, unresolved } from '../script-text.js';

/**
 * GNU make's variable expansion, evaluated statically: `$(VAR)`, `${VAR}`, `$X`, substitution references
 * (`$(VAR:.c=.o)`), and the text, file-name and control functions of the GNU make manual
 * (sections 8.2-8.8). `$(shell ...)`, `$(wildcard ...)` and the like are never run: they become
 * `unresolved(...)` text, except the few whose answer does not depend on the machine (see `shellFunction`).
 */

/** How a variable was defined: `=` keeps the text and expands it on use, `:=` expands once. */
export type Flavor = 'recursive' | 'simple';

export interface MakeVariable {
  flavor: Flavor;
  value: string;
  /** Where it was set: `file`, `command line` (`make VAR=x`), `environment`, `override`, `automatic`. */
  origin: 'file' | 'command line' | 'environment' | 'override' | 'automatic';
}

/** The variables visible at one point: looked up innermost first. */
export interface ExpandContext {
  lookup(name: string): MakeVariable | undefined;
  /** Binds a name for the duration of `foreach`/`call`; returns a context that sees it. */
  with(bindings: Record<string, string>): ExpandContext;
  /** The folder make runs in, relative to the root (for `$(CURDIR)`, `abspath`). */
  cwd: string;
  /** Read-time `$(eval ...)`: parses the text as makefile lines. Absent in recipes. */
  evaluate?: (text: string) => void;
  /** Text of a root-relative file (for `$(shell cat FILE)`, which reads and runs nothing else). */
  readFile?: (rel: string) => string | undefined;
  /** Called with every construct that stays unresolved. */
  onUnresolved?: (text: string) => void;
}

const MAX_DEPTH = 40;

/** Expands `text` as make does. */
export function expandMake(text: string, ctx: ExpandContext, depth = 0): string {
  if (!text.includes('$')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(' || next === '{') {
      const end = closing(text, i + 1);
      const stop = end < 0 ? text.length : end;
      out += reference(text.slice(i + 2, stop), text.slice(i, stop + 1), ctx, depth);
      i = stop;
    } else {
      out += variable(next, `$${next}`, ctx, depth);
      i++;
    }
  }
  return out;
}

/** Index of the parenthesis or brace that closes the one at `open`, counting both kinds; -1 if none. */
export function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits function arguments at top-level commas (at most `max` pieces; the last keeps its commas). */
export function splitArgs(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length && out.length < max - 1; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function variable(name: string, whole: string, ctx: ExpandContext, depth: number): string {
  if (depth > MAX_DEPTH) return unresolved(whole);
  if (name === 'CURDIR') return anchoredDir(ctx.cwd);
  if (name === 'MAKE') return 'make';
  const v = ctx.lookup(name);
  if (!v) {
    // Automatic variables outside a recipe, and variables from the environment, are unknown to a scan.
    if (/^[@<^+*?|%]$|^[@<^+*?%][DF]$/.test(name)) {
      ctx.onUnresolved?.(whole);
      return unresolved(whole);
    }
    return '';
  }
  return v.flavor === 'recursive' ? expandMake(v.value, ctx, depth + 1) : v.value;
}

function anchoredDir(cwd: string): string {
  return anchored(cwd).replace(/\/$/, '');
}

/** Make's words: split at whitespace, an unresolved part (which may hold spaces) staying one word. */
export function words(text: string): string[] {
  return text.match(/(?:\u0001[^\u0002]*\u0002|[^\s\u0001])+/g) ?? [];
}

/** `%` pattern match as in patsubst/filter: returns the stem, or undefined. */
export function matchPattern(pattern: string, word: string): string | undefined {
  const pct = pattern.indexOf('%');
  if (pct < 0) return pattern === word ? '' : undefined;
  const pre = pattern.slice(0, pct);
  const post = pattern.slice(pct + 1);
  if (word.length < pre.length + post.length || !word.startsWith(pre) || !word.endsWith(post))
    return undefined;
  return word.slice(pre.length, word.length - post.length);
}

function substitutePattern(pattern: string, replacement: string, word: string): string {
  const stem = matchPattern(pattern, word);
  if (stem === undefined) return word;
  return pattern.includes('%') ? replacement.replace('%', stem) : replacement;
}

function reference(inner: string, whole: string, ctx: ExpandContext, depth: number): string {
  if (depth > MAX_DEPTH) return unresolved(whole);
  const fn = /^([a-z-]+)[\s]+([\s\S]*)$/.exec(inner) ?? /^([a-z-]+)()$/.exec(inner);
  if (fn && FUNCTIONS.has(fn[1]!)) return callFunction(fn[1]!, fn[2]!, whole, ctx, depth);
  // The name itself may hold references: $($(IMG)_TAG).
  const colon = topLevelColon(inner);
  const nameText = colon < 0 ? inner : inner.slice(0, colon);
  const name = expandMake(nameText, ctx, depth + 1);
  if (colon >= 0) {
    // Substitution reference $(VAR:a=b) / $(VAR:%.c=%.o).
    const spec = inner.slice(colon + 1);
    const eq = spec.indexOf('=');
    if (eq >= 0) {
      const from = expandMake(spec.slice(0, eq), ctx, depth + 1);
      const to = expandMake(spec.slice(eq + 1), ctx, depth + 1);
      const value = variable(name, whole, ctx, depth);
      const pattern = from.includes('%') ? from : `%${from}`;
      const replacement = from.includes('%') ? to : `%${to}`;
      return words(value)
        .map((w) => substitutePattern(pattern, replacement, w))
        .join(' ');
    }
  }
  if (/^[@<^+*?%][DF]$/.test(name)) {
    const v = variable(name[0]!, whole, ctx, depth);
    if (isUnresolved(v)) return unresolved(whole);
    return words(v)
      .map((w) => (name[1] === 'D' ? path.posix.dirname(w) : path.posix.basename(w)))
      .join(' ');
  }
  return variable(name, whole, ctx, depth);
}

function topLevelColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ':' && depth === 0) return i;
  }
  return -1;
}

type MakeFunction = (args: string[], ctx: ExpandContext, depth: number, whole: string) => string;

/** Functions whose arguments are all expanded before the call. */
const EAGER: Record<string, [number, (a: string[], ctx: ExpandContext, whole: string) => string]> = {
  subst: [3, ([from, to, text]) => (from === '' ? text! : text!.split(from!).join(to))],
  patsubst: [
    3,
    ([pattern, replacement, text]) =>
      words(text!)
        .map((w) => substitutePattern(pattern!.trim(), replacement!.trim(), w))
        .join(' '),
  ],
  strip: [1, ([text]) => words(text!).join(' ')],
  findstring: [2, ([find, text]) => (text!.includes(find!) ? find! : '')],
  filter: [
    2,
    ([patterns, text]) =>
      words(text!)
        .filter((w) => words(patterns!).some((p) => matchPattern(p, w) !== undefined))
        .join(' '),
  ],
  'filter-out': [
    2,
    ([patterns, text]) =>
      words(text!)
        .filter((w) => !words(patterns!).some((p) => matchPattern(p, w) !== undefined))
        .join(' '),
  ],
  sort: [1, ([text]) => [...new Set(words(text!))].sort().join(' ')],
  word: [2, ([n, text]) => words(text!)[Number(n!.trim()) - 1] ?? ''],
  wordlist: [
    3,
    ([s, e, text]) =>
      words(text!)
        .slice(Number(s!.trim()) - 1, Number(e!.trim()))
        .join(' '),
  ],
  words: [1, ([text]) => String(words(text!).length)],
  firstword: [1, ([text]) => words(text!)[0] ?? ''],
  lastword: [1, ([text]) => words(text!).at(-1) ?? ''],
  dir: [
    1,
    ([text]) =>
      words(text!)
        .map((w) => (w.includes('/') ? w.slice(0, w.lastIndexOf('/') + 1) : './'))
        .join(' '),
  ],
  notdir: [
    1,
    ([text]) =>
      words(text!)
        .map((w) => w.slice(w.lastIndexOf('/') + 1))
        .join(' '),
  ],
  suffix: [
    1,
    ([text]) =>
      words(text!)
        .flatMap((w) => {
          const m = /\.[^./]*$/.exec(w);
          return m ? [m[0]] : [];
        })
        .join(' '),
  ],
  basename: [
    1,
    ([text]) =>
      words(text!)
        .map((w) => w.replace(/\.[^./]*$/, ''))
        .join(' '),
  ],
  addsuffix: [
    2,
    ([suffix, text]) =>
      words(text!)
        .map((w) => w + suffix)
        .join(' '),
  ],
  addprefix: [
    2,
    ([prefix, text]) =>
      words(text!)
        .map((w) => prefix + w)
        .join(' '),
  ],
  join: [
    2,
    ([a, b]) => {
      const x = words(a!);
      const y = words(b!);
      return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => (x[i] ?? '') + (y[i] ?? '')).join(
        ' ',
      );
    },
  ],
  abspath: [
    1,
    ([text], ctx) =>
      words(text!)
        .map((w) => absolute(w, ctx.cwd))
        .join(' '),
  ],
  realpath: [
    1,
    ([text], ctx) =>
      words(text!)
        .map((w) => absolute(w, ctx.cwd))
        .join(' '),
  ],
  info: [1, () => ''],
  warning: [1, () => ''],
  error: [1, (_a, ctx, whole) => unknown(whole, ctx)],
  wildcard: [1, (_a, ctx, whole) => unknown(whole, ctx)],
  file: [1, (_a, ctx, whole) => unknown(whole, ctx)],
  guile: [1, (_a, ctx, whole) => unknown(whole, ctx)],
  shell: [1, ([command], ctx, whole) => shellFunction(command!, ctx, whole)],
  eval: [
    1,
    ([text], ctx, whole) => {
      if (!ctx.evaluate) return unknown(whole, ctx);
      ctx.evaluate(text!);
      return '';
    },
  ],
};

function unknown(whole: string, ctx: ExpandContext): string {
  ctx.onUnresolved?.(whole);
  return unresolved(whole);
}

function absolute(word: string, cwd: string): string {
  if (word.startsWith('/') || word.startsWith('\u0003')) return word;
  return anchoredDir(path.posix.join(cwd, word));
}

/**
 * `$(shell ...)`: never run. `pwd` is the folder make runs in; `command -v X` / `which X` is taken to
 * find X (the build needs it anyway); `cat FILE` of a file of the repository is its text; anything else
 * stays unresolved and is reported.
 */
function shellFunction(command: string, ctx: ExpandContext, whole: string): string {
  const c = command.trim();
  if (c === 'pwd') return anchoredDir(ctx.cwd);
  const which = /^(?:command\s+-v|which|type\s+-p)\s+([\w.-]+)(?:\s+[0-9]*>\s*\/dev\/null|\s+2>&1)*$/.exec(c);
  if (which) return which[1]!;
  const cat = /^cat\s+([\w./-]+)$/.exec(c);
  if (cat && ctx.readFile && !cat[1]!.startsWith('/')) {
    const text = ctx.readFile(path.posix.normalize(path.posix.join(ctx.cwd, cat[1]!)));
    // make turns the output's newlines into spaces and drops the last ones.
    if (text !== undefined) return text.replace(/\r?\n+$/, '').replace(/\r?\n/g, ' ');
  }
  return unknown(whole, ctx);
}

/** Functions that expand their own arguments (conditionals, loops, call, value, origin, flavor). */
const LAZY: Record<string, MakeFunction> = {
  if: ([cond, then, otherwise], ctx, depth) => {
    const c = expandMake(cond ?? '', ctx, depth + 1).trim();
    if (isUnresolved(c)) {
      // A condition strata cannot evaluate: the branch that builds is the likelier one to matter.
      return expandMake(then ?? '', ctx, depth + 1);
    }
    return expandMake(c !== '' ? (then ?? '') : (otherwise ?? ''), ctx, depth + 1);
  },
  or: (args, ctx, depth) => {
    for (const a of args) {
      const v = expandMake(a, ctx, depth + 1).trim();
      if (v !== '') return v;
    }
    return '';
  },
  and: (args, ctx, depth) => {
    let v = '';
    for (const a of args) {
      v = expandMake(a, ctx, depth + 1).trim();
      if (v === '') return '';
    }
    return v;
  },
  foreach: ([name, list, body], ctx, depth) => {
    const n = expandMake(name ?? '', ctx, depth + 1).trim();
    return words(expandMake(list ?? '', ctx, depth + 1))
      .map((w) => expandMake(body ?? '', ctx.with({ [n]: w }), depth + 1))
      .join(' ');
  },
  call: ([name, ...rest], ctx, depth) => {
    const n = expandMake(name ?? '', ctx, depth + 1).trim();
    const bindings: Record<string, string> = { '0': n };
    rest.forEach((a, i) => {
      bindings[String(i + 1)] = expandMake(a, ctx, depth + 1);
    });
    // Unset higher-numbered parameters of an outer call stay empty.
    for (let i = rest.length + 1; i <= 9; i++) bindings[String(i)] = '';
    const v = ctx.lookup(n);
    if (!v) return '';
    return expandMake(v.value, ctx.with(bindings), depth + 1);
  },
  value: ([name], ctx, depth) => ctx.lookup(expandMake(name ?? '', ctx, depth + 1).trim())?.value ?? '',
  origin: ([name], ctx, depth) => {
    const v = ctx.lookup(expandMake(name ?? '', ctx, depth + 1).trim());
    return v ? v.origin : 'undefined';
  },
  flavor: ([name], ctx, depth) => {
    const v = ctx.lookup(expandMake(name ?? '', ctx, depth + 1).trim());
    return v ? v.flavor : 'undefined';
  },
};

const LAZY_ARITY: Record<string, number> = { if: 3, foreach: 3, value: 1, origin: 1, flavor: 1 };

const FUNCTIONS = new Set([...Object.keys(EAGER), ...Object.keys(LAZY)]);

function callFunction(
  name: string,
  argText: string,
  whole: string,
  ctx: ExpandContext,
  depth: number,
): string {
  const lazy = LAZY[name];
  if (lazy) return lazy(splitArgs(argText, LAZY_ARITY[name] ?? Number.POSITIVE_INFINITY), ctx, depth, whole);
  const [arity, fn] = EAGER[name]!;
  const args = splitArgs(argText, arity).map((a) => expandMake(a, ctx, depth + 1));
  return fn(args, ctx, whole);
}
