import { type Cursor, type Expr, unsupported } from './cursor.js';

/** Parses the expression inside `${ ... }`, where line breaks do not count. */
export type ParseExpression = (c: Cursor) => Expr;

/** A piece of a template: literal text or an interpolated expression. */
type Part = string | Expr;

const QUOTED_RUN = /[^"\\$%\n]+/y;
const HEREDOC_RUN = /[^$%\n]+/y;

/** A quoted string with the cursor on its opening quote: its value as hcl2-parser gives it. */
export function readQuoted(c: Cursor, parseExpression: ParseExpression): Expr {
  const start = c.pos;
  c.pos++;
  const parts = new Parts();
  for (;;) {
    parts.add(scanRun(c, QUOTED_RUN));
    const ch = c.peek();
    if (ch === '"') break;
    if (ch === '' || ch === '\n') unsupported();
    parts.add(ch === '\\' ? readEscape(c) : readSpecial(c, parseExpression));
  }
  c.pos++;
  const list = parts.end();
  const only = list.length === 1 ? list[0] : undefined;
  if (only !== undefined && typeof only !== 'string') {
    // `"${x}"` alone is the expression itself.
    if (only.kind !== 'source') unsupported();
    return { kind: 'value', value: wrapSource(c, only), start, end: c.pos };
  }
  return { kind: 'value', value: joinParts(c, list), start, end: c.pos };
}

/** A quoted label or key: plain text only, no interpolation and no `$${` / `%%{` escapes. */
export function readQuotedLiteral(c: Cursor): string {
  const start = c.pos;
  const expr = readQuoted(c, () => unsupported());
  const raw = c.text.slice(start, c.pos);
  if (expr.kind !== 'value' || typeof expr.value !== 'string' || raw.includes('$${') || raw.includes('%%{')) {
    unsupported();
  }
  return expr.value;
}

/** `<<EOT` or `<<-EOT` with the cursor on `<<`; ends after the closing marker (its line break not taken). */
export function readHeredoc(c: Cursor, parseExpression: ParseExpression): Expr {
  const start = c.pos;
  c.pos += 2;
  const flush = c.peek() === '-';
  if (flush) c.pos++;
  const marker = c.ident();
  if (c.peek() !== '\n') unsupported();
  c.pos++;
  const lines: Part[][] = [];
  for (;;) {
    const lineEnd = c.text.indexOf('\n', c.pos);
    if (lineEnd < 0) unsupported();
    const line = c.text.slice(c.pos, lineEnd);
    if ((flush ? line.replace(/^ +/, '') : line) === marker) {
      c.pos = lineEnd;
      break;
    }
    if (line.trim() === marker) unsupported();
    lines.push(readHeredocLine(c, lineEnd, parseExpression));
  }
  if (flush) flushIndent(lines);
  return { kind: 'value', value: joinParts(c, lines.flat()), start, end: c.pos };
}

function readHeredocLine(c: Cursor, lineEnd: number, parseExpression: ParseExpression): Part[] {
  const parts = new Parts();
  for (;;) {
    parts.add(scanRun(c, HEREDOC_RUN));
    if (c.peek() === '\n') {
      c.pos++;
      parts.add('\n');
      return parts.end();
    }
    parts.add(readSpecial(c, parseExpression));
    if (c.pos > lineEnd) unsupported();
  }
}

/** Collects a template's parts, runs of literal text joined. */
class Parts {
  private list: Part[] = [];
  private lit = '';

  add(part: Part): void {
    if (typeof part === 'string') {
      this.lit += part;
      return;
    }
    if (this.lit) this.list.push(this.lit);
    this.lit = '';
    this.list.push(part);
  }

  end(): Part[] {
    if (this.lit) this.list.push(this.lit);
    return this.list;
  }
}

/** Consumes the longest run the sticky pattern matches at the cursor. */
function scanRun(c: Cursor, run: RegExp): string {
  run.lastIndex = c.pos;
  const text = run.exec(c.text)?.[0] ?? '';
  c.pos += text.length;
  return text;
}

/**
 * `<<-`: the smallest indentation of the lines is removed from each, as HCL does: lines of only white
 * space are not counted and kept as they are; a line starting with an interpolation counts as 0.
 */
function flushIndent(lines: Part[][]): void {
  let min = Number.POSITIVE_INFINITY;
  const adjust: Part[][] = [];
  for (const line of lines) {
    const first = line[0];
    if (typeof first !== 'string') {
      min = 0;
      continue;
    }
    if (/^[ \t]*[^\S\n \t]/.test(first)) unsupported();
    if (line.length === 1 && first.trim() === '') continue;
    min = Math.min(min, /^[ \t]*/.exec(first)?.[0].length ?? 0);
    adjust.push(line);
  }
  if (min === 0 || min === Number.POSITIVE_INFINITY) return;
  for (const line of adjust) line[0] = (line[0] as string).slice(min);
}

/** `$${`, `%%{`, `${...}`, or a lone `$` / `%`; directives (`%{`) are outside the subset. */
function readSpecial(c: Cursor, parseExpression: ParseExpression): string | Expr {
  if (c.startsWith('$${') || c.startsWith('%%{')) {
    const text = `${c.peek()}{`;
    c.pos += 3;
    return text;
  }
  if (c.startsWith('%{')) unsupported();
  if (!c.startsWith('${')) {
    const ch = c.peek();
    c.pos++;
    return ch;
  }
  c.pos += 2;
  if (c.peek() === '~') unsupported();
  c.skip(true);
  const expr = parseExpression(c);
  c.skip(true);
  c.expect('}');
  return expr;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function readEscape(c: Cursor): string {
  const ch = c.peek(1);
  const simple = ESCAPES[ch];
  if (simple !== undefined) {
    c.pos += 2;
    return simple;
  }
  const digits = ch === 'u' ? 4 : ch === 'U' ? 8 : 0;
  if (digits === 0) unsupported();
  const hex = c.text.slice(c.pos + 2, c.pos + 2 + digits);
  if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) unsupported();
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) unsupported();
  c.pos += 2 + digits;
  return String.fromCodePoint(code);
}

/** A template's parts joined: interpolations kept as `${source}`, as hcl2-parser does. */
function joinParts(c: Cursor, parts: Part[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      // HCL keeps strings in Unicode normal form C.
      if (part.normalize('NFC') !== part) unsupported();
      out += part;
    } else {
      // A conditional inside a longer template becomes a %{if} directive: left to hcl2-parser.
      if (part.kind !== 'source' || part.conditional) unsupported();
      out += wrapSource(c, part);
    }
  }
  return out;
}

/** hcl2-parser's form of an expression it does not evaluate: its source text inside `${...}`. */
export function wrapSource(c: Cursor, expr: Expr): string {
  // hcl2json takes one more character when a `)` follows the range: left to hcl2-parser.
  if (c.text[expr.end] === ')') unsupported();
  return `\${${c.text.slice(expr.start, expr.end)}}`;
}
