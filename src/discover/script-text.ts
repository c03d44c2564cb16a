import type { ScriptDialect } from './names.js';

/** Marks text that could not be resolved (a variable set elsewhere, a command substitution). */
const UNRESOLVED_OPEN = '\u0001';
const UNRESOLVED_CLOSE = '\u0002';
/** Starts a path anchored at the scanned root (`$0`, `$(dirname "$0")`, `%~dp0`, `$PSScriptRoot`). */
export const ANCHOR = '\u0003';

export function unresolved(text: string): string {
  return `${UNRESOLVED_OPEN}${text}${UNRESOLVED_CLOSE}`;
}

export function isUnresolved(text: string): boolean {
  return text.includes(UNRESOLVED_OPEN);
}

/**
 * The text with every unresolved part replaced by a stable word that is valid in an image tag and
 * repository name: `sha-$(shell git rev-parse HEAD)` gives `sha-unresolved-shell-git-rev-parse-head`.
 * The same unresolved text always gives the same word, so a tag and a build arg built from the same
 * run-time value (a git sha, a CI run number) still name the same image.
 */
export function settleUnresolved(text: string): string {
  return text.replace(/\u0001([^\u0002]*)\u0002/g, (_, inner: string) => {
    const words = inner
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '');
    return `unresolved-${words || 'value'}`;
  });
}

/** The text as the script wrote it: unresolved parts shown as written, anchors as paths from the root. */
export function displayText(text: string): string {
  return text.replace(/[\u0001\u0002]/g, '').replace(/\u0003\/?/g, '');
}

export function anchored(rel: string): string {
  return `${ANCHOR}/${rel === '.' ? '' : rel}`;
}

/** A line as the interpreter sees it: continuation lines joined, with the number of its first line. */
export interface LogicalLine {
  line: number;
  text: string;
}

/** Joins continuation lines (`\` in sh and make, `^` in batch, a backtick in PowerShell); drops comments. */
export function logicalLines(text: string, dialect: ScriptDialect): LogicalLine[] {
  const raw = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  const cont = dialect === 'bat' ? '^' : dialect === 'ps1' ? '`' : '\\';
  let current: LogicalLine | undefined;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    const trimmedEnd = line.replace(/\s+$/, '');
    const continues = trimmedEnd.endsWith(cont) && !(cont === '\\' && /(^|[^\\])(\\\\)+$/.test(trimmedEnd));
    const piece = continues ? trimmedEnd.slice(0, -1) : line;
    if (current) {
      current.text += ` ${piece.replace(/^\s+/, '')}`;
    } else {
      current = { line: i + 1, text: piece };
    }
    if (!continues) {
      const cleaned = stripComment(current.text, dialect);
      if (cleaned.trim() !== '') out.push({ line: current.line, text: cleaned });
      current = undefined;
    }
  }
  if (current) {
    const cleaned = stripComment(current.text, dialect);
    if (cleaned.trim() !== '') out.push({ line: current.line, text: cleaned });
  }
  return out;
}

function stripComment(text: string, dialect: ScriptDialect): string {
  if (dialect === 'bat') return /^\s*(?:@?rem(?:\s|$)|::)/i.test(text) ? '' : text;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === UNRESOLVED_OPEN) {
      const end = text.indexOf(UNRESOLVED_CLOSE, i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"' && dialect !== 'ps1') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '\\' && dialect !== 'ps1') {
      i++;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!)) && text[i - 1] !== '$') {
      return text.slice(0, i);
    }
  }
  return text;
}

/**
 * Splits a line into statements and commands at `;`, `&&`, `||`, `|` and `&` outside quotes,
 * `$(...)` and `${...}`. Batch files only split at `&`, `&&`, `||` and `|`.
 */
export function splitCommands(text: string, dialect: ScriptDialect): string[] {
  const out: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === UNRESOLVED_OPEN) {
      const end = text.indexOf(UNRESOLVED_CLOSE, i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (quote) {
      if (ch === '\\' && quote === '"' && dialect === 'sh') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '\\' && (dialect === 'sh' || dialect === 'make')) {
      i++;
      continue;
    }
    if (ch === '"' || (ch === "'" && dialect !== 'bat')) {
      quote = ch;
      continue;
    }
    if ((ch === '(' || ch === '{') && text[i - 1] === '$') depth++;
    else if ((ch === ')' || ch === '}') && depth > 0) depth--;
    if (depth > 0) continue;
    const isSep =
      (ch === ';' && dialect !== 'bat') ||
      ch === '|' ||
      (ch === '&' && !/[<>]/.test(text[i - 1] ?? '') && text[i + 1] !== '>');
    if (isSep) {
      out.push(text.slice(start, i));
      while (text[i + 1] === '&' || text[i + 1] === '|') i++;
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Splits a command into words, removing quotes (and `\` escapes in sh, backtick escapes in PowerShell). */
export function splitWords(text: string, dialect: ScriptDialect): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  const escapeChar = dialect === 'ps1' ? '`' : dialect === 'bat' ? undefined : '\\';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === UNRESOLVED_OPEN) {
      const end = text.indexOf(UNRESOLVED_CLOSE, i);
      const stop = end < 0 ? text.length : end + 1;
      word += text.slice(i, stop);
      inWord = true;
      i = stop - 1;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === escapeChar && quote === '"' && i + 1 < text.length && /["\\$`]/.test(text[i + 1]!))
        word += text[++i];
      else word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === '"' || (ch === "'" && dialect !== 'bat')) quote = ch;
    else if (ch === escapeChar && i + 1 < text.length) word += text[++i];
    else word += ch;
  }
  if (inWord) words.push(word);
  return words;
}
