import {
  type Attribute,
  type BinaryOperator,
  type Block,
  type Body,
  HclSyntaxError,
  type Node,
  type ObjectItem,
  type TemplatePart,
} from './ast.js';

/**
 * Parses HCL native syntax into a tree. Throws HclSyntaxError (with a line) on text HCL rejects.
 * Follows hclsyntax's spec: line breaks end attributes and object items, and are plain space inside
 * parentheses, brackets and interpolations.
 */
export function parseHcl(text: string): Body {
  return new Parser(text.replace(/\r\n?/g, '\n')).body(false);
}

/** Operators by precedence, lowest first (hclsyntax spec, "Operations"). */
const LEVELS: BinaryOperator[][] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];

const KEYWORDS: Record<string, string | number | boolean | null> = { true: true, false: false, null: null };

function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch > '\x7f';
}
function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || (ch >= '0' && ch <= '9') || ch === '-';
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** A character for a message: line breaks and the end of the text named, not printed. */
function describe(ch: string): string {
  if (ch === '') return 'end of file';
  if (ch === '\n') return 'line break';
  return JSON.stringify(ch);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  pos = 0;
  private lineStarts: number[] = [0];

  /** `lineOffset`: lines before the text (a heredoc's body is parsed on its own). */
  constructor(
    readonly text: string,
    private readonly lineOffset = 0,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  line(pos = this.pos): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1 + this.lineOffset;
  }

  fail(message: string, pos = this.pos): never {
    throw new HclSyntaxError(message, this.line(pos));
  }

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  expect(s: string): void {
    if (!this.startsWith(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  /** Skips spaces and comments; with `newlines`, line breaks and line comments too. */
  skip(newlines: boolean): void {
    const t = this.text;
    for (;;) {
      const ch = t[this.pos];
      if (ch === ' ' || ch === '\t') this.pos++;
      else if (ch === '/' && t[this.pos + 1] === '*') {
        const close = t.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unterminated comment');
        this.pos = close + 2;
      } else if (newlines && ch === '\n') this.pos++;
      else if (newlines && (ch === '#' || (ch === '/' && t[this.pos + 1] === '/'))) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else return;
    }
  }

  /** Ends an item: a line break, a line comment or the end of the text. */
  endLine(): void {
    this.skip(false);
    const ch = this.peek();
    if (ch === '' || ch === '}') return;
    if (ch === '\n') {
      this.pos++;
      return;
    }
    if (ch === '#' || (ch === '/' && this.peek(1) === '/')) {
      const end = this.text.indexOf('\n', this.pos);
      this.pos = end < 0 ? this.text.length : end + 1;
      return;
    }
    this.fail(`unexpected ${describe(ch)} after an item; a line break must follow`);
  }

  ident(): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) this.fail(`expected a name, found ${describe(this.peek())}`);
    this.pos++;
    while (isIdentPart(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  body(inBlock: boolean): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    for (;;) {
      this.skip(true);
      if (this.pos >= this.text.length) {
        if (inBlock) this.fail('unclosed block: "}" missing');
        return { attributes, blocks };
      }
      if (this.peek() === '}') {
        if (!inBlock) this.fail('unexpected "}"');
        this.pos++;
        return { attributes, blocks };
      }
      const line = this.line();
      const name = this.ident();
      this.skip(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.pos++;
        this.skip(false);
        if (attributes.some((a) => a.name === name))
          this.fail(`attribute ${name} is defined twice`, this.pos);
        attributes.push({ name, expr: this.expression(true), line });
      } else {
        blocks.push(this.block(name, line));
      }
      this.endLine();
    }
  }

  block(type: string, line: number): Block {
    const labels: string[] = [];
    for (;;) {
      const ch = this.peek();
      if (ch === '"') {
        const label = this.quoted();
        if (label.kind !== 'template' || label.parts.some((p) => typeof p !== 'string'))
          this.fail('a block label cannot hold an interpolation');
        labels.push(label.parts.join(''));
      } else if (isIdentStart(ch)) labels.push(this.ident());
      else break;
      this.skip(false);
    }
    this.expect('{');
    this.skip(false);
    if (this.peek() === '}') {
      this.pos++;
      return { type, labels, body: { attributes: [], blocks: [] }, line };
    }
    return { type, labels, body: this.body(true), line };
  }

  /** `lines`: a line break ends the expression (attributes, object items). */
  expression(lines: boolean): Node {
    const test = this.binary(0, lines);
    const save = this.pos;
    this.skip(!lines);
    if (this.peek() !== '?') {
      this.pos = save;
      return test;
    }
    this.pos++;
    this.skip(!lines);
    const yes = this.expression(lines);
    this.skip(!lines);
    this.expect(':');
    this.skip(!lines);
    const no = this.expression(lines);
    return { kind: 'conditional', test, yes, no, line: test.line };
  }

  private operatorAt(level: number): BinaryOperator | undefined {
    if (this.startsWith('<<') || this.startsWith('=>') || this.startsWith('//')) return undefined;
    for (const op of LEVELS[level] ?? []) if (this.startsWith(op)) return op;
    return undefined;
  }

  private binary(level: number, lines: boolean): Node {
    if (level >= LEVELS.length) return this.unary(lines);
    let left = this.binary(level + 1, lines);
    for (;;) {
      const save = this.pos;
      this.skip(!lines);
      const op = this.operatorAt(level);
      if (!op) {
        this.pos = save;
        return left;
      }
      this.pos += op.length;
      this.skip(!lines);
      const right = this.binary(level + 1, lines);
      left = { kind: 'binary', op, left, right, line: left.line };
    }
  }

  private unary(lines: boolean): Node {
    const ch = this.peek();
    if (ch === '!' || ch === '-') {
      const line = this.line();
      this.pos++;
      this.skip(!lines);
      return { kind: 'unary', op: ch, operand: this.unary(lines), line };
    }
    return this.postfix(this.term());
  }

  /** `.name`, `.0`, `[key]`, `[*]`, `.*` after a term. */
  private postfix(node: Node): Node {
    for (;;) {
      const ch = this.peek();
      if (ch === '.' && this.peek(1) === '*') {
        this.pos += 2;
        return { kind: 'splat', source: node, each: this.splatChain(), line: node.line };
      }
      if (
        ch === '[' &&
        this.text
          .slice(this.pos + 1)
          .trimStart()
          .startsWith('*')
      ) {
        this.pos++;
        this.skip(true);
        this.expect('*');
        this.skip(true);
        this.expect(']');
        return { kind: 'splat', source: node, each: this.splatChain(), line: node.line };
      }
      if (ch === '.' && !this.startsWith('...')) {
        this.pos++;
        if (isDigit(this.peek())) {
          const start = this.pos;
          while (isDigit(this.peek())) this.pos++;
          const key = Number(this.text.slice(start, this.pos));
          node = {
            kind: 'index',
            object: node,
            key: { kind: 'literal', value: key, line: node.line },
            line: node.line,
          };
        } else {
          node = { kind: 'attribute', object: node, name: this.ident(), line: node.line };
        }
      } else if (ch === '[') {
        this.pos++;
        this.skip(true);
        const key = this.expression(false);
        this.skip(true);
        this.expect(']');
        node = { kind: 'index', object: node, key, line: node.line };
      } else {
        return node;
      }
    }
  }

  /** The traversal after a splat, applied to each element (`*`). */
  private splatChain(): Node {
    let each: Node = { kind: 'variable', name: '*', line: this.line() };
    for (;;) {
      if (this.peek() === '.' && isIdentStart(this.peek(1))) {
        this.pos++;
        each = { kind: 'attribute', object: each, name: this.ident(), line: each.line };
      } else if (this.peek() === '[' && this.peek(1) !== '*') {
        this.pos++;
        this.skip(true);
        const key = this.expression(false);
        this.skip(true);
        this.expect(']');
        each = { kind: 'index', object: each, key, line: each.line };
      } else return each;
    }
  }

  private term(): Node {
    const ch = this.peek();
    const line = this.line();
    if (isDigit(ch)) {
      NUMBER.lastIndex = this.pos;
      const m = NUMBER.exec(this.text);
      if (!m) this.fail('bad number');
      this.pos += m[0].length;
      return { kind: 'literal', value: Number(m[0]), line };
    }
    if (ch === '"') return this.quoted();
    if (ch === '<' && this.peek(1) === '<') return this.heredoc();
    if (ch === '[') return this.tuple();
    if (ch === '{') return this.object();
    if (ch === '(') {
      this.pos++;
      this.skip(true);
      const inner = this.expression(false);
      this.skip(true);
      this.expect(')');
      return { kind: 'parens', inner, line };
    }
    if (isIdentStart(ch)) {
      const name = this.ident();
      if (name in KEYWORDS) return { kind: 'literal', value: KEYWORDS[name] ?? null, line };
      if (this.startsWith('::')) {
        this.pos += 2;
        return this.call(`${name}::${this.ident()}`, line);
      }
      if (this.peek() === '(') return this.call(name, line);
      return { kind: 'variable', name, line };
    }
    return this.fail(`unexpected ${describe(ch)} where a value should be`);
  }

  private call(name: string, line: number): Node {
    this.expect('(');
    const args: Node[] = [];
    let expand = false;
    for (;;) {
      this.skip(true);
      if (this.peek() === ')') break;
      args.push(this.expression(false));
      this.skip(true);
      if (this.startsWith('...')) {
        this.pos += 3;
        expand = true;
        this.skip(true);
      }
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ')') this.fail('expected "," or ")" in the arguments');
    }
    this.pos++;
    return { kind: 'call', name, args, expand, line };
  }

  private atFor(): boolean {
    return this.startsWith('for') && !isIdentPart(this.peek(3));
  }

  private tuple(): Node {
    const line = this.line();
    this.pos++;
    this.skip(true);
    if (this.atFor()) return this.forExpression(']', line);
    const items: Node[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === ']') break;
      items.push(this.expression(false));
      this.skip(true);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected "," or "]" in the list');
    }
    this.pos++;
    return { kind: 'tuple', items, line };
  }

  private object(): Node {
    const line = this.line();
    this.pos++;
    this.skip(true);
    if (this.atFor()) return this.forExpression('}', line);
    const items: ObjectItem[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === '}') break;
      const itemLine = this.line();
      let key: Node;
      if (isIdentStart(this.peek())) {
        const start = this.pos;
        const name = this.ident();
        // A bare name is the key itself, unless it is followed by more of an expression.
        this.skip(false);
        if (this.peek() === '=' || this.peek() === ':') {
          key = { kind: 'literal', value: name, line: itemLine };
        } else {
          this.pos = start;
          key = this.expression(false);
        }
      } else {
        key = this.expression(false);
      }
      this.skip(false);
      const sep = this.peek();
      if (!(sep === ':' || (sep === '=' && this.peek(1) !== '=')))
        this.fail('expected "=" or ":" after an object key');
      this.pos++;
      this.skip(false);
      items.push({ key, value: this.expression(true), line: itemLine });
      this.skip(false);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() === '}') break;
      else this.endLine();
    }
    this.pos++;
    return { kind: 'object', items, line };
  }

  /** `for k, v in coll : value if cond` (tuple) or `for k, v in coll : key => value... if cond` (object). */
  private forExpression(close: ']' | '}', line: number): Node {
    this.pos += 3;
    this.skip(true);
    let valueVar = this.ident();
    let keyVar: string | undefined;
    this.skip(true);
    if (this.peek() === ',') {
      this.pos++;
      this.skip(true);
      keyVar = valueVar;
      valueVar = this.ident();
      this.skip(true);
    }
    if (this.ident() !== 'in') this.fail('expected "in" in the for expression');
    this.skip(true);
    const collection = this.expression(false);
    this.skip(true);
    this.expect(':');
    this.skip(true);
    let key: Node | undefined;
    let value = this.expression(false);
    this.skip(true);
    if (close === '}') {
      this.expect('=>');
      this.skip(true);
      key = value;
      value = this.expression(false);
      this.skip(true);
    }
    let group = false;
    if (this.startsWith('...')) {
      group = true;
      this.pos += 3;
      this.skip(true);
    }
    let condition: Node | undefined;
    if (this.startsWith('if') && !isIdentPart(this.peek(2))) {
      this.pos += 2;
      this.skip(true);
      condition = this.expression(false);
      this.skip(true);
    }
    this.expect(close);
    return {
      kind: 'for',
      ...(keyVar === undefined ? {} : { keyVar }),
      valueVar,
      collection,
      ...(key ? { key } : {}),
      value,
      ...(condition ? { condition } : {}),
      group,
      line,
    };
  }

  private quoted(): Node {
    const line = this.line();
    this.pos++;
    const parts = this.templateParts('"');
    this.pos++;
    return { kind: 'template', parts, line };
  }

  private heredoc(): Node {
    const line = this.line();
    this.pos += 2;
    const flush = this.peek() === '-';
    if (flush) this.pos++;
    const marker = this.ident();
    this.skip(false);
    this.expect('\n');
    // The body ends at the first line holding only the marker (after indentation).
    const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*$`, 'm');
    const rest = this.text.slice(this.pos);
    const m = closing.exec(rest);
    if (!m) this.fail(`heredoc ${marker} has no closing line`);
    const bodyText = rest.slice(0, m.index);
    let lines = bodyText.split('\n');
    lines.pop();
    if (flush) {
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
      const min = indents.length > 0 ? Math.min(...indents) : 0;
      lines = lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)?.[0].length ?? 0)));
    }
    const inner = new Parser(lines.map((l) => `${l}\n`).join(''), line);
    const parts = inner.templateParts('');
    this.pos += m.index + m[0].length;
    return { kind: 'template', parts, line };
  }

  /** Template text up to `end` (a quote, or the end of the text when `end` is empty). */
  templateParts(end: string): TemplatePart[] {
    const flat: (TemplatePart | Directive)[] = [];
    let lit = '';
    const pushLit = () => {
      if (lit) flat.push(lit);
      lit = '';
    };
    for (;;) {
      const ch = this.peek();
      if (ch === '') {
        if (end) this.fail('unterminated string');
        break;
      }
      if (end && ch === end) break;
      if (end && ch === '\n') this.fail('a quoted string cannot span lines; use a heredoc');
      if (end && ch === '\\') {
        const next = this.peek(1);
        const simple = ESCAPES[next];
        if (simple !== undefined) {
          lit += simple;
          this.pos += 2;
        } else if (next === 'u' || next === 'U') {
          const digits = next === 'u' ? 4 : 8;
          const hex = this.text.slice(this.pos + 2, this.pos + 2 + digits);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) this.fail('bad unicode escape');
          lit += String.fromCodePoint(Number.parseInt(hex, 16));
          this.pos += 2 + digits;
        } else this.fail(`unknown escape \\${next}`);
        continue;
      }
      if ((ch === '$' || ch === '%') && this.peek(1) === ch && this.peek(2) === '{') {
        lit += `${ch}{`;
        this.pos += 3;
        continue;
      }
      if ((ch === '$' || ch === '%') && this.peek(1) === '{') {
        this.pos += 2;
        if (this.peek() === '~') {
          this.pos++;
          lit = lit.replace(/\s+$/, '');
        }
        this.skip(true);
        if (ch === '$') {
          pushLit();
          flat.push(this.expression(false));
        } else {
          pushLit();
          flat.push(this.directive());
        }
        this.skip(true);
        let strip = false;
        if (this.peek() === '~') {
          strip = true;
          this.pos++;
        }
        this.expect('}');
        if (strip) while (/\s/.test(this.peek()) && this.peek() !== end) this.pos++;
        continue;
      }
      lit += ch;
      this.pos++;
    }
    pushLit();
    return nestDirectives(flat);
  }

  private directive(): Directive {
    const line = this.line();
    const word = this.ident();
    this.skip(true);
    if (word === 'if') return { directive: 'if', test: this.expression(false), line };
    if (word === 'else' || word === 'endif' || word === 'endfor') return { directive: word, line };
    if (word === 'for') {
      let valueVar = this.ident();
      let keyVar: string | undefined;
      this.skip(true);
      if (this.peek() === ',') {
        this.pos++;
        this.skip(true);
        keyVar = valueVar;
        valueVar = this.ident();
        this.skip(true);
      }
      if (this.ident() !== 'in') this.fail('expected "in" in the for directive');
      this.skip(true);
      return { directive: 'for', keyVar, valueVar, collection: this.expression(false), line };
    }
    return this.fail(`unknown template directive %{${word}}`);
  }
}

type Directive =
  | { directive: 'if'; test: Node; line: number }
  | { directive: 'for'; keyVar: string | undefined; valueVar: string; collection: Node; line: number }
  | { directive: 'else' | 'endif' | 'endfor'; line: number };

function isDirective(part: TemplatePart | Directive): part is Directive {
  return typeof part === 'object' && 'directive' in part;
}

/** Turns the flat `%{if}` ... `%{endif}` markers into nested parts. */
function nestDirectives(flat: (TemplatePart | Directive)[]): TemplatePart[] {
  let i = 0;
  const until = (stops: string[]): { parts: TemplatePart[]; stop?: string } => {
    const parts: TemplatePart[] = [];
    while (i < flat.length) {
      const part = flat[i++] as TemplatePart | Directive;
      if (!isDirective(part)) {
        parts.push(part);
        continue;
      }
      if (stops.includes(part.directive)) return { parts, stop: part.directive };
      if (part.directive === 'if') {
        const yes = until(['else', 'endif']);
        const no = yes.stop === 'else' ? until(['endif']) : { parts: [], stop: 'endif' };
        if (no.stop !== 'endif') throw new HclSyntaxError('%{if} without %{endif}', part.line);
        parts.push({ kind: 'if', test: part.test, yes: yes.parts, no: no.parts });
      } else if (part.directive === 'for') {
        const body = until(['endfor']);
        if (body.stop !== 'endfor') throw new HclSyntaxError('%{for} without %{endfor}', part.line);
        parts.push({
          kind: 'for-directive',
          ...(part.keyVar === undefined ? {} : { keyVar: part.keyVar }),
          valueVar: part.valueVar,
          collection: part.collection,
          body: body.parts,
        });
      } else {
        throw new HclSyntaxError(`%{${part.directive}} without its opening directive`, part.line);
      }
    }
    return { parts };
  };
  return until([]).parts;
}
