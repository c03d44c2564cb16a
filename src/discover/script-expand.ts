import path from 'node:path';
import { matchingBrace } from './interpolate.js';
import type { ScriptDialect } from './names.js';
import { ANCHOR, anchored, isUnresolved, splitCommands, splitWords, unresolved } from './script-text.js';

/** What a script knows at one point: its variables and, when it can tell, its working folder. */
export interface ScriptScope {
  dialect: ScriptDialect;
  /** The script, relative to the root. */
  file: string;
  vars: Map<string, string>;
  arrays: Map<string, string[]>;
  /** Working folder relative to the root, once the script `cd`s somewhere strata can follow. */
  cwd?: string;
}

function varKey(scope: ScriptScope, name: string): string {
  return scope.dialect === 'bat' || scope.dialect === 'ps1' ? name.toLowerCase() : name;
}

function getVar(scope: ScriptScope, name: string): string | undefined {
  return scope.vars.get(varKey(scope, name));
}

export function setVar(scope: ScriptScope, name: string, value: string): void {
  scope.vars.set(varKey(scope, name), value);
}

/** Expands variables of a statement in the script's own syntax. Unknown values become `unresolved(...)`. */
export function expand(text: string, scope: ScriptScope): string {
  switch (scope.dialect) {
    case 'bat':
      return expandBat(text, scope);
    case 'ps1':
      return expandPs1(text, scope);
    default:
      return expandSh(text, scope);
  }
}

const SH_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** sh: `$VAR`, `${VAR:-x}` and kin, arrays, `$0`, `$(dirname "$0")` and other path helpers; not in single quotes. */
function expandSh(text: string, scope: ScriptScope): string {
  return expandQuoted(text, '\\', (i, inDouble) => {
    if (text[i] === '`') {
      const close = text.indexOf('`', i + 1);
      const stop = close < 0 ? text.length : close;
      const inner = text.slice(i + 1, stop);
      return { value: commandSubstitution(inner, `\`${inner}\``, scope), length: stop - i + 1 };
    }
    return text[i] === '$' ? shDollar(text, i, scope, inDouble) : undefined;
  });
}

type Expansion = { value: string; length: number } | undefined;

/**
 * Copies `text`, keeping single-quoted parts and escaped characters as they are, and lets `expandAt`
 * replace what starts at other positions (`$...`); `inDouble` says whether that is inside double quotes.
 */
function expandQuoted(
  text: string,
  escapeChar: string,
  expandAt: (i: number, inDouble: boolean) => Expansion,
): string {
  let out = '';
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\u0001') {
      // Already unresolved (a CI expression): kept as it is.
      const end = text.indexOf('\u0002', i);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (ch === "'" && !inDouble) {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (ch === '"') inDouble = !inDouble;
    if (ch === escapeChar) {
      out += text.slice(i, i + 2);
      i++;
      continue;
    }
    const expansion = expandAt(i, inDouble);
    if (expansion) {
      out += expansion.value;
      i += expansion.length - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

function shDollar(
  text: string,
  i: number,
  scope: ScriptScope,
  inDouble: boolean,
): { value: string; length: number } {
  const next = text[i + 1];
  if (next === '(') {
    const end = matchingParen(text, i + 1);
    const stop = end < 0 ? text.length - 1 : end;
    const whole = text.slice(i, stop + 1);
    if (text[i + 2] === '(') return { value: unresolved(whole), length: whole.length };
    return { value: commandSubstitution(text.slice(i + 2, stop), whole, scope), length: whole.length };
  }
  if (next === '{') {
    const end = matchingBrace(text, i + 1);
    const stop = end < 0 ? text.length - 1 : end;
    const whole = text.slice(i, stop + 1);
    return { value: shBraced(text.slice(i + 2, stop), whole, scope, inDouble), length: whole.length };
  }
  const special = next !== undefined && /[0-9@*#?$!]/.test(next) ? next : undefined;
  if (special !== undefined) {
    const whole = `$${special}`;
    return { value: special === '0' ? anchored(scope.file) : unresolved(whole), length: 2 };
  }
  const m = SH_NAME.exec(text.slice(i + 1));
  if (!m) return { value: '$', length: 1 };
  return { value: shVariable(m[0], `$${m[0]}`, scope), length: 1 + m[0].length };
}

function shVariable(name: string, whole: string, scope: ScriptScope): string {
  if (name === 'PWD') return scope.cwd === undefined ? unresolved(whole) : anchored(scope.cwd);
  if (name === 'BASH_SOURCE') return anchored(scope.file);
  const v = getVar(scope, name);
  return v ?? unresolved(whole);
}

function shBraced(inner: string, whole: string, scope: ScriptScope, inDouble: boolean): string {
  const arr = /^([A-Za-z_]\w*)\[([@*]|\d+)\]$/.exec(inner);
  if (arr) {
    const [, name, index] = arr as unknown as [string, string, string];
    if (name === 'BASH_SOURCE') return anchored(scope.file);
    const list =
      scope.arrays.get(name) ?? (getVar(scope, name) !== undefined ? [getVar(scope, name)!] : undefined);
    if (!list) return unresolved(whole);
    if (index === '@' || index === '*') return list.join(inDouble && index === '@' ? '" "' : ' ');
    return list[Number(index)] ?? '';
  }
  const m = /^([A-Za-z_]\w*|\d+)(?:(:?[-=+?])([\s\S]*))?$/.exec(inner);
  if (!m) return unresolved(whole);
  const name = m[1]!;
  const op = m[2];
  const word = m[3] ?? '';
  const value = /^\d+$/.test(name)
    ? name === '0'
      ? anchored(scope.file)
      : undefined
    : knownShVar(name, scope);
  const empty = value === undefined || value === '';
  switch (op) {
    case undefined:
      return value ?? unresolved(whole);
    case ':-':
      return empty ? expandSh(word, scope) : value;
    case '-':
      return value === undefined ? expandSh(word, scope) : value;
    case ':=':
    case '=': {
      if (op === ':=' ? empty : value === undefined) {
        const v = expandSh(word, scope);
        if (!/^\d+$/.test(name)) setVar(scope, name, v);
        return v;
      }
      return value ?? '';
    }
    case ':+':
      return empty ? '' : expandSh(word, scope);
    case '+':
      return value === undefined ? '' : expandSh(word, scope);
    default:
      return value ?? unresolved(whole);
  }
}

function knownShVar(name: string, scope: ScriptScope): string | undefined {
  if (name === 'PWD') return scope.cwd === undefined ? undefined : anchored(scope.cwd);
  return getVar(scope, name);
}

/** `$(...)` a path helper strata can follow (dirname, pwd, cd ... && pwd, realpath, git's top level), else unresolved. */
function commandSubstitution(inner: string, whole: string, scope: ScriptScope): string {
  const commands = splitCommands(inner, 'sh').map((c) =>
    splitWords(expandSh(c, scope), 'sh').filter((w) => !isRedirect(w)),
  );
  const result = evalPathCommands(commands, scope);
  return result === undefined || isUnresolved(result) ? unresolved(whole) : result;
}

function isRedirect(word: string): boolean {
  return /^\d*>/.test(word) || word === '/dev/null';
}

function evalPathCommands(commands: string[][], scope: ScriptScope): string | undefined {
  if (commands.length === 2 && commands[0]![0] === 'cd' && commands[1]![0] === 'pwd') {
    return commands[0]![1] ?? anchored('.');
  }
  if (commands.length !== 1) return undefined;
  const [cmd, ...args] = commands[0]!;
  const operand = args.filter((a) => !a.startsWith('-')).pop();
  switch (cmd) {
    case 'pwd':
      return scope.cwd === undefined ? undefined : anchored(scope.cwd);
    case 'dirname':
      return operand === undefined ? undefined : path.posix.dirname(operand);
    case 'basename':
      return operand === undefined ? undefined : path.posix.basename(operand);
    case 'realpath':
    case 'readlink':
      return operand;
    case 'git':
      return args.includes('--show-toplevel') ? anchored('.') : undefined;
    default:
      return undefined;
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Batch: `%VAR%`, `!VAR!`, `%%x` loop variables, `%~dp0` (the script's folder), `%CD%`. */
function expandBat(text: string, scope: ScriptScope): string {
  return text.replace(
    /%~dp0|%~0|%0|%%(\w)|%(\d)|%([^%\s]+)%|!([^!\s]+)!/gi,
    (whole, loopVar, digit, name, delayed) => {
      const lower = whole.toLowerCase();
      if (lower === '%~dp0') return `${anchored(path.posix.dirname(scope.file))}/`;
      if (lower === '%~0' || lower === '%0') return anchored(scope.file);
      if (digit !== undefined) return unresolved(whole);
      const key = (loopVar ? `%%${loopVar}` : (name ?? delayed)) as string;
      if (key.toLowerCase() === 'cd')
        return scope.cwd === undefined ? unresolved(whole) : anchored(scope.cwd);
      return getVar(scope, key) ?? unresolved(whole);
    },
  );
}

/** PowerShell: `$var`, `${var}`, `$env:VAR`, `$PSScriptRoot`, `$($var)`; nothing inside single quotes. */
function expandPs1(text: string, scope: ScriptScope): string {
  return expandQuoted(text, '`', (i) => {
    if (text[i] !== '$') return undefined;
    const rest = text.slice(i + 1);
    if (rest.startsWith('(')) {
      const end = matchingParen(text, i + 1);
      const stop = end < 0 ? text.length - 1 : end;
      const whole = text.slice(i, stop + 1);
      const inner = text.slice(i + 2, stop).trim();
      return {
        value: /^\$[\w:]+$/.test(inner) ? expandPs1(inner, scope) : unresolved(whole),
        length: whole.length,
      };
    }
    const m = /^\{([^}]+)\}/.exec(rest) ?? /^((?:env:)?\w+)/i.exec(rest);
    return m ? { value: ps1Variable(m[1]!, `$${m[0]}`, scope), length: 1 + m[0].length } : undefined;
  });
}

function ps1Variable(name: string, whole: string, scope: ScriptScope): string {
  const lower = name.toLowerCase().replace(/^env:/, '');
  if (lower === 'psscriptroot') return anchored(path.posix.dirname(scope.file));
  if (lower === 'pwd') return scope.cwd === undefined ? unresolved(whole) : anchored(scope.cwd);
  if (lower === 'true' || lower === 'false' || lower === 'null') return '';
  return getVar(scope, lower) ?? unresolved(whole);
}

/** A root-relative path from script text, or undefined when it is absolute outside the anchor. */
export function anchoredToRel(text: string): string | undefined {
  if (!text.startsWith(ANCHOR)) return undefined;
  const rel = path.posix
    .normalize(`/${text.slice(1)}`)
    .replace(/^\/+/, '')
    .replace(/\/$/, '');
  return rel === '' ? '.' : rel;
}
