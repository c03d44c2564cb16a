/** Thrown when the text leaves the subset the fast reader reproduces exactly; the caller falls back. */
export class Unsupported extends Error {}

export function unsupported(): never {
  throw new Unsupported('outside the fast HCL subset');
}

/** A value as hcl2-parser builds it, with objects still as Maps (sorted into plain objects at the end). */
export type Value = string | number | boolean | null | Value[] | ObjectValue;
export type ObjectValue = Map<string, Value>;

/**
 * An expression: either a value hcl2-parser computes (literals, strings, tuples, objects), or one it
 * keeps as its source text wrapped in `${...}` (references, calls, operators, conditionals).
 */
export type Expr =
  | { kind: 'value'; value: Value; start: number; end: number }
  | { kind: 'source'; start: number; end: number; conditional: boolean };

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const SLASH = 47;
const STAR = 42;
const HASH = 35;

const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

export function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}

export function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || (ch >= '0' && ch <= '9') || ch === '-';
}

export function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** A position in the text with the small scanning steps the reader is made of. */
export class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  eof(): boolean {
    return this.pos >= this.text.length;
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  expect(ch: string): void {
    if (this.text[this.pos] !== ch) unsupported();
    this.pos++;
  }

  /** Skips spaces, tabs and one-line block comments; with `newlines`, also line breaks and line comments. */
  skip(newlines: boolean): void {
    const t = this.text;
    for (;;) {
      const ch = t.charCodeAt(this.pos);
      if (ch === SPACE || ch === TAB) {
        this.pos++;
      } else if (ch === SLASH && t.charCodeAt(this.pos + 1) === STAR) {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0 || t.slice(this.pos, close).includes('\n')) unsupported();
        this.pos = close + 2;
      } else if (newlines && ch === NEWLINE) {
        this.pos++;
      } else if (newlines && this.atLineComment()) {
        this.skipLine();
      } else {
        return;
      }
    }
  }

  atLineComment(): boolean {
    const ch = this.text.charCodeAt(this.pos);
    return ch === HASH || (ch === SLASH && this.text.charCodeAt(this.pos + 1) === SLASH);
  }

  /** At a line break, a line comment (which ends the line) or the end of the text. */
  atLineEnd(): boolean {
    return this.eof() || this.text.charCodeAt(this.pos) === NEWLINE || this.atLineComment();
  }

  /** Consumes the rest of the line, its break included. */
  skipLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end < 0 ? this.text.length : end + 1;
  }

  /** Ends an item (attribute or block): a line break, a line comment or the end of the text must follow. */
  endLine(): void {
    if (!this.atLineEnd()) unsupported();
    this.skipLine();
  }

  ident(): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) unsupported();
    this.pos++;
    while (isIdentPart(this.peek())) this.pos++;
    if (this.text.charCodeAt(this.pos) > 127) unsupported();
    return this.text.slice(start, this.pos);
  }

  /** A bare number: digits, an optional fraction and exponent. */
  number(): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m || m[0].length > 30) unsupported();
    this.pos += m[0].length;
    const next = this.peek();
    if (next === '.' || isIdentPart(next) || this.text.charCodeAt(this.pos) > 127) unsupported();
    return Number(m[0]);
  }
}
