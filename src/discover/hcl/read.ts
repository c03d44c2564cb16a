import { Cursor, isIdentStart, type ObjectValue, unsupported, type Value } from './cursor.js';
import { parseExpression, toValue } from './expression.js';
import { readQuotedLiteral } from './template.js';

/**
 * Reads the HCL subset bake files use into exactly the value hcl2-parser's `parseToObject(text)[0]`
 * gives: attributes, blocks (`type "label" { ... }`, each block a list of bodies), comments, strings
 * and heredocs with `${...}` kept as text, numbers, booleans, null, tuples, objects; references,
 * calls, operators and conditionals as `${source}`. Returns undefined for anything else (for
 * expressions, directives, splats, syntax errors, ...): the caller then asks hcl2-parser.
 */
export function readHcl(text: string): Record<string, unknown> | undefined {
  if (!plainText(text)) return undefined;
  try {
    const body = readBody(new Cursor(text), false);
    return toPlain(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Control characters, CR, lone surrogates and text not in Unicode form C are left to hcl2-parser. */
function plainText(text: string): boolean {
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(text)) return false;
  if (!/[^\x00-\x7f]/.test(text)) return true;
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return false;
  return text.normalize('NFC') === text;
}

interface Block {
  type: string;
  labels: string[];
  body: ObjectValue;
}

/** A body: the whole file, or a block's inside up to its closing brace (cursor past the opening line). */
function readBody(c: Cursor, inBlock: boolean): ObjectValue {
  const attributes = new Map<string, Value>();
  const blocks: Block[] = [];
  for (;;) {
    c.skip(true);
    if (c.eof()) {
      if (inBlock) unsupported();
      break;
    }
    if (c.peek() === '}') {
      if (!inBlock) unsupported();
      c.pos++;
      break;
    }
    const name = c.ident();
    c.skip(false);
    if (c.peek() === '=' && c.peek(1) !== '=') {
      c.pos++;
      c.skip(false);
      const value = toValue(c, parseExpression(c, true));
      if (attributes.has(name)) unsupported();
      attributes.set(name, value);
    } else {
      blocks.push(readBlock(c, name));
    }
    c.skip(false);
    if (!c.eof()) c.endLine();
  }
  return assemble(attributes, blocks);
}

/** `type "label" ident {` with the cursor after the type. */
function readBlock(c: Cursor, type: string): Block {
  const labels: string[] = [];
  for (;;) {
    const ch = c.peek();
    if (ch === '"') labels.push(readQuotedLiteral(c));
    else if (isIdentStart(ch)) labels.push(c.ident());
    else break;
    c.skip(false);
  }
  c.expect('{');
  c.skip(false);
  if (c.peek() === '}') {
    c.pos++;
    return { type, labels, body: new Map() };
  }
  if (c.eof()) unsupported();
  c.endLine();
  return { type, labels, body: readBody(c, true) };
}

/** hcl2json's layout: `type` -> `label` -> ... -> list of bodies; any clash is left to hcl2-parser. */
function assemble(attributes: Map<string, Value>, blocks: Block[]): ObjectValue {
  const out: ObjectValue = new Map(attributes);
  for (const block of blocks) {
    if (attributes.has(block.type)) unsupported();
    let level = out;
    let key = block.type;
    for (const label of block.labels) {
      const inner = level.get(key);
      if (inner === undefined) {
        const created: ObjectValue = new Map();
        level.set(key, created);
        level = created;
      } else if (inner instanceof Map) {
        level = inner;
      } else {
        unsupported();
      }
      key = label;
    }
    const current = level.get(key);
    if (current === undefined) level.set(key, [block.body]);
    else if (Array.isArray(current)) current.push(block.body);
    else unsupported();
  }
  return out;
}

/** Maps become plain objects with keys in Go's order (by code point), as hcl2-parser's JSON has them. */
function toPlain(value: Value): unknown {
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(byCodePoint);
    return Object.fromEntries(keys.map((k) => [k, toPlain(value.get(k) as Value)]));
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

function byCodePoint(a: string, b: string): number {
  if (/[\ud800-\udfff]/.test(a + b)) {
    const x = [...a].map((ch) => ch.codePointAt(0) ?? 0);
    const y = [...b].map((ch) => ch.codePointAt(0) ?? 0);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    }
    return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
