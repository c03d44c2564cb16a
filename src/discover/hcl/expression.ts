import {
  type Cursor,
  type Expr,
  isDigit,
  isIdentPart,
  isIdentStart,
  unsupported,
  type Value,
} from './cursor.js';
import { readHeredoc, readQuoted, readQuotedLiteral, wrapSource } from './template.js';

/**
 * An expression. `lines`: line breaks end it (attribute values, object items); inside `(`, `[` and
 * `${` they are plain space.
 */
export function parseExpression(c: Cursor, lines: boolean): Expr {
  const condition = parseBinary(c, lines);
  const save = c.pos;
  c.skip(!lines);
  if (c.peek() !== '?') {
    c.pos = save;
    return condition;
  }
  c.pos++;
  c.skip(!lines);
  parseExpression(c, lines);
  c.skip(!lines);
  c.expect(':');
  c.skip(!lines);
  const no = parseExpression(c, lines);
  return { kind: 'source', start: condition.start, end: no.end, conditional: true };
}

const interpolated = (c: Cursor): Expr => parseExpression(c, false);

/** The value hcl2-parser gives an expression. */
export function toValue(c: Cursor, expr: Expr): Value {
  return expr.kind === 'value' ? expr.value : wrapSource(c, expr);
}

const OPERATORS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%'];

function binaryOperator(c: Cursor): number {
  if (c.atLineComment() || c.startsWith('<<') || c.startsWith('=>')) return 0;
  for (const op of OPERATORS) if (c.startsWith(op)) return op.length;
  return 0;
}

/** Operators only change the range: hcl2-parser keeps any operation as source text. */
function parseBinary(c: Cursor, lines: boolean): Expr {
  let left = parseUnary(c);
  for (;;) {
    const save = c.pos;
    c.skip(!lines);
    const length = binaryOperator(c);
    if (length === 0) {
      c.pos = save;
      return left;
    }
    c.pos += length;
    c.skip(!lines);
    const right = parseUnary(c);
    left = { kind: 'source', start: left.start, end: right.end, conditional: false };
  }
}

function parseUnary(c: Cursor): Expr {
  const start = c.pos;
  const op = c.peek();
  if (op !== '-' && op !== '!') return parseTerm(c);
  c.pos++;
  if (op === '-' && isDigit(c.peek())) {
    const value = -c.number();
    return { kind: 'value', value, start, end: c.pos };
  }
  const operand = parseUnary(c);
  // `!true` is evaluated by hcl2-parser, `-"x"` kept: neither is worth reproducing.
  if (operand.kind !== 'source') unsupported();
  return { kind: 'source', start, end: operand.end, conditional: false };
}

function parseTerm(c: Cursor): Expr {
  const start = c.pos;
  const ch = c.peek();
  let expr: Expr;
  if (isDigit(ch)) {
    expr = { kind: 'value', value: c.number(), start, end: c.pos };
  } else if (ch === '"') {
    expr = readQuoted(c, interpolated);
  } else if (ch === '<' && c.peek(1) === '<') {
    return readHeredoc(c, interpolated);
  } else if (ch === '[') {
    expr = parseTuple(c);
  } else if (ch === '{') {
    expr = parseObject(c);
  } else if (isIdentStart(ch)) {
    return parseReference(c);
  } else {
    return unsupported();
  }
  // Indexing or calling a literal is outside the subset.
  const next = c.peek();
  if (next === '.' || next === '[' || next === '(') unsupported();
  return expr;
}

const LITERALS: Record<string, Value> = { true: true, false: false, null: null };

/** A name, a function call, and what follows them: `.attr`, `.0`, `[index]`. */
function parseReference(c: Cursor): Expr {
  const start = c.pos;
  const name = c.ident();
  if (name in LITERALS) {
    const next = c.peek();
    if (next === '.' || next === '[' || next === '(') unsupported();
    return { kind: 'value', value: LITERALS[name] ?? null, start, end: c.pos };
  }
  if (name === 'for' || c.startsWith('::')) unsupported();
  if (c.peek() === '(') parseCallArguments(c);
  for (;;) {
    const ch = c.peek();
    if (ch === '.') {
      c.pos++;
      const next = c.peek();
      if (isIdentStart(next)) {
        c.ident();
      } else if (isDigit(next)) {
        while (isDigit(c.peek())) c.pos++;
        if (c.peek() === '.' || isIdentPart(c.peek())) unsupported();
      } else {
        unsupported();
      }
    } else if (ch === '[') {
      c.pos++;
      c.skip(true);
      if (c.peek() === '*') unsupported();
      parseExpression(c, false);
      c.skip(true);
      c.expect(']');
    } else {
      return { kind: 'source', start, end: c.pos, conditional: false };
    }
  }
}

function parseCallArguments(c: Cursor): void {
  c.pos++;
  c.skip(true);
  if (c.peek() === ')') {
    c.pos++;
    return;
  }
  for (;;) {
    parseExpression(c, false);
    c.skip(true);
    if (c.startsWith('...')) unsupported();
    if (c.peek() === ',') {
      c.pos++;
      c.skip(true);
      if (c.peek() !== ')') continue;
    }
    c.expect(')');
    return;
  }
}

function startsFor(c: Cursor): boolean {
  return c.startsWith('for') && !isIdentPart(c.peek(3));
}

/** `[a, b,]`: line breaks are space inside. */
function parseTuple(c: Cursor): Expr {
  const start = c.pos;
  c.pos++;
  c.skip(true);
  if (startsFor(c)) unsupported();
  const items: Value[] = [];
  for (;;) {
    c.skip(true);
    if (c.peek() === ']') break;
    items.push(toValue(c, parseExpression(c, false)));
    c.skip(true);
    if (c.peek() === ',') c.pos++;
    else if (c.peek() !== ']') unsupported();
  }
  c.pos++;
  return { kind: 'value', value: items, start, end: c.pos };
}

/** `{ k = v, "k" = v, k: v }`: items end at a comma or a line break. */
function parseObject(c: Cursor): Expr {
  const start = c.pos;
  c.pos++;
  c.skip(true);
  if (startsFor(c)) unsupported();
  const items = new Map<string, Value>();
  for (;;) {
    c.skip(true);
    if (c.peek() === '}') break;
    let key: string;
    if (c.peek() === '"') {
      key = readQuotedLiteral(c);
    } else {
      key = c.ident();
      if (key in LITERALS || key === 'for') unsupported();
    }
    c.skip(false);
    const sep = c.peek();
    if (!(sep === ':' || (sep === '=' && c.peek(1) !== '='))) unsupported();
    c.pos++;
    c.skip(false);
    items.set(key, toValue(c, parseExpression(c, true)));
    c.skip(false);
    if (c.peek() === ',') c.pos++;
    else if (c.peek() === '}') break;
    else if (c.eof()) unsupported();
    else c.endLine();
  }
  c.pos++;
  return { kind: 'value', value: items, start, end: c.pos };
}
