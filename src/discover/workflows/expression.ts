import { isUnresolved, unresolved } from '../script-text.js';

/**
 * GitHub Actions expressions (`${{ ... }}`), evaluated statically: literals, property access on the
 * contexts a scan knows (`matrix`, `inputs`, `env`, `needs.<job>.outputs`, `vars` when given), the
 * operators `! < <= > >= == != && ||`, and the functions `contains`, `startsWith`, `endsWith`, `format`,
 * `join`, `toJSON`, `fromJSON` and the status checks (docs.github.com, "Evaluate expressions in
 * workflows and actions"). A value only known when the workflow runs (`github.sha`, `secrets.*`, a
 * step's outputs) is an `Unknown` carrying the text it stands for.
 */

export class Unknown {
  constructor(readonly text: string) {}
}

/** A context object with this key set to true holds some keys; the others are known only at run time. */
export const OPEN = '\u0000open';

export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value };

/** Looks up the first segment of a property path (`matrix`, `inputs`, ...); undefined = unknown context. */
export type Contexts = (name: string) => Value | undefined;

type Token = { kind: 'num' | 'str' | 'id' | 'op'; text: string; value?: string | number };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") break;
        else value += text[i++];
      }
      i++;
      out.push({ kind: 'str', text: value, value });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)/i.exec(text.slice(i))!;
      out.push({ kind: 'num', text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i))!;
      out.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else {
      const op = /^(?:&&|\|\||==|!=|<=|>=|[!<>()[\].,*])/.exec(text.slice(i))?.[0] ?? ch;
      out.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return out;
}

/** Evaluates one expression (without `${{ }}`). Never throws: what it cannot read is Unknown. */
export function evaluate(text: string, contexts: Contexts): Value {
  try {
    const p = new Parser(tokenize(text), contexts, text);
    const v = p.or();
    return p.done() ? v : new Unknown(text.trim());
  } catch {
    return new Unknown(text.trim());
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly contexts: Contexts,
    private readonly source: string,
  ) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private eat(text: string): boolean {
    if (this.peek()?.kind === 'op' && this.peek()!.text === text) {
      this.i++;
      return true;
    }
    return false;
  }

  or(): Value {
    let left = this.and();
    while (this.eat('||')) {
      const right = this.and();
      if (left instanceof Unknown) left = new Unknown(this.source.trim());
      else left = truthy(left) ? left : right;
    }
    return left;
  }

  private and(): Value {
    let left = this.compare();
    while (this.eat('&&')) {
      const right = this.compare();
      if (left instanceof Unknown) left = new Unknown(this.source.trim());
      else left = truthy(left) ? right : left;
    }
    return left;
  }

  private compare(): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.text)) return left;
      this.i++;
      const right = this.unary();
      if (left instanceof Unknown || right instanceof Unknown) {
        left = new Unknown(this.source.trim());
        continue;
      }
      const a = comparable(left);
      const b = comparable(right);
      switch (t.text) {
        case '==':
          left = a === b;
          break;
        case '!=':
          left = a !== b;
          break;
        case '<':
          left = a < b;
          break;
        case '<=':
          left = a <= b;
          break;
        case '>':
          left = a > b;
          break;
        default:
          left = a >= b;
      }
    }
  }

  private unary(): Value {
    if (this.eat('!')) {
      const v = this.unary();
      return v instanceof Unknown ? v : !truthy(v);
    }
    const start = this.peek();
    return this.postfix(this.primary(), start?.kind === 'id' ? start.text : '');
  }

  private primary(): Value {
    const t = this.tokens[this.i++];
    if (!t) throw new Error('end');
    if (t.kind === 'str' || t.kind === 'num') return t.value!;
    if (t.kind === 'op' && t.text === '(') {
      const v = this.or();
      if (!this.eat(')')) throw new Error(')');
      return v;
    }
    if (t.kind !== 'id') throw new Error(t.text);
    const name = t.text;
    if (this.eat('(')) {
      const args: Value[] = [];
      if (!this.eat(')')) {
        do args.push(this.or());
        while (this.eat(','));
        if (!this.eat(')')) throw new Error(')');
      }
      return call(name.toLowerCase(), args);
    }
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'null') return null;
    const v = this.contexts(name);
    return v === undefined ? new Unknown(name) : v;
  }

  private postfix(base: Value, name: string): Value {
    let v = base;
    let path = v instanceof Unknown ? v.text : name;
    for (;;) {
      let key: string | undefined;
      if (this.eat('.')) {
        const t = this.tokens[this.i++];
        key = t?.text;
      } else if (this.eat('[')) {
        const k = this.or();
        if (!this.eat(']')) throw new Error(']');
        key = k instanceof Unknown ? undefined : String(k);
        if (key === undefined) {
          v = new Unknown(`${path}[...]`);
          continue;
        }
      } else return v;
      if (key === undefined) throw new Error('key');
      path = `${path}.${key}`;
      if (v instanceof Unknown) {
        v = new Unknown(`${v.text}.${key}`);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const record = v as Record<string, Value>;
        const next = record[key];
        v = next !== undefined ? next : record[OPEN] === true ? new Unknown(path) : '';
      } else if (Array.isArray(v) && /^\d+$/.test(key)) {
        v = v[Number(key)] ?? null;
      } else {
        v = null;
      }
    }
  }
}

function truthy(v: Value): boolean {
  if (v instanceof Unknown) return true;
  if (v === null || v === false || v === 0 || v === '') return false;
  return true;
}

function comparable(v: Value): string | number | boolean {
  if (typeof v === 'string') return v.toLowerCase();
  if (v === null) return 0;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function call(name: string, args: Value[]): Value {
  if (['success', 'always', 'failure', 'cancelled'].includes(name))
    return name !== 'failure' && name !== 'cancelled';
  if (args.some((a) => a instanceof Unknown)) return new Unknown(`${name}(...)`);
  const [a, b] = args;
  switch (name) {
    case 'contains':
      return Array.isArray(a)
        ? a.some((x) => comparable(x) === comparable(b!))
        : toText(a!).toLowerCase().includes(toText(b!).toLowerCase());
    case 'startswith':
      return toText(a!).toLowerCase().startsWith(toText(b!).toLowerCase());
    case 'endswith':
      return toText(a!).toLowerCase().endsWith(toText(b!).toLowerCase());
    case 'format':
      return toText(a!).replace(/\{(\d+)\}/g, (_, n: string) => toText(args[Number(n) + 1] ?? ''));
    case 'join':
      return Array.isArray(a) ? a.map(toText).join(b === undefined ? ',' : toText(b)) : toText(a!);
    case 'tojson':
      return JSON.stringify(a, null, 2);
    case 'fromjson':
      try {
        return JSON.parse(toText(a!)) as Value;
      } catch {
        return new Unknown(`fromJSON(...)`);
      }
    default:
      return new Unknown(`${name}(...)`);
  }
}

/** A value as `${{ }}` puts it into text: strings as they are, null as '', others as JSON. */
export function toText(v: Value): string {
  if (v instanceof Unknown) return unresolved(`\${{ ${v.text} }}`);
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Replaces every `${{ expr }}` in `text`; parts not known until the workflow runs become unresolved text. */
export function interpolateExpressions(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => toText(evaluate(expr, contexts)));
}

/** A whole value given as `${{ expr }}` (an object or list stays one); other text is interpolated. */
export function evaluateValue(value: unknown, contexts: Contexts): Value {
  if (typeof value === 'string') {
    const whole = /^\s*\$\{\{((?:(?!\}\})[\s\S])*)\}\}\s*$/.exec(value);
    if (whole) return evaluate(whole[1]!, contexts);
    return interpolateExpressions(value, contexts);
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, contexts));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, contexts)]));
  }
  if (value === undefined) return null;
  return value as Value;
}

export function isKnownText(text: string): boolean {
  return !isUnresolved(text);
}
