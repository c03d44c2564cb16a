import type { Node, TemplatePart } from './ast.js';

/** A value HCL computes: cty's primitive, tuple and object values, as plain data. */
export type Value = string | number | boolean | null | Value[] | ObjectValue | Unknown;
export interface ObjectValue {
  [key: string]: Value;
}

/**
 * A value a static scan cannot know (the clock, an undefined name, an error). `text` is the expression
 * as written (to keep in output), `reason` says why it is unknown.
 */
export class Unknown {
  constructor(
    readonly text: string,
    readonly reason: string,
    /** Known only when the build runs (the clock, a random id), not a failure. */
    readonly runtime = false,
  ) {}
}

export type HclFunction = (args: Value[]) => Value;

/** Names in reach of an expression: variables, then the function library. */
export interface Scope {
  lookup(name: string): Value | undefined;
  func(name: string): HclFunction | undefined;
}

/** A scope that adds names (for-expression and matrix variables) to another. */
export function childScope(parent: Scope, names: Record<string, Value>): Scope {
  return {
    lookup: (name) => (Object.hasOwn(names, name) ? names[name] : parent.lookup(name)),
    func: (name) => parent.func(name),
  };
}

export function isObjectValue(v: Value | undefined): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** The first unknown value inside `v` (deeply), if any. */
export function findUnknown(v: Value): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    for (const item of v) {
      const u = findUnknown(item);
      if (u) return u;
    }
  } else if (isObjectValue(v)) {
    for (const item of Object.values(v)) {
      const u = findUnknown(item);
      if (u) return u;
    }
  }
  return undefined;
}

/** A value as text inside a template (cty's conversion to string); undefined when it has none. */
export function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** A value as a number (cty converts numeric strings); undefined when it is not one. */
export function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function asBool(v: Value): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** cty equality: same type and value, deeply (numbers and numeric strings are not equal). */
export function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equal(x, b[i] ?? null));
  if (isObjectValue(a) && isObjectValue(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k] ?? null, b[k] ?? null))
    );
  }
  return a === b;
}

class EvaluationFailure extends Error {}

/** Evaluates an expression. Never throws: what cannot be known (or fails) is an Unknown. */
export function evaluate(node: Node, scope: Scope): Value {
  try {
    return evalNode(node, scope);
  } catch (e) {
    if (e instanceof EvaluationFailure) return new Unknown(show(node), e.message);
    throw e;
  }
}

function fail(message: string): never {
  throw new EvaluationFailure(message);
}

function evalNode(node: Node, scope: Scope): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'parens':
      return evalNode(node.inner, scope);
    case 'template':
      return evalTemplate(node.parts, scope);
    case 'variable': {
      const v = scope.lookup(node.name);
      if (v === undefined) return new Unknown(node.name, `${node.name} is not defined`);
      return v;
    }
    case 'attribute': {
      const obj = evalNode(node.object, scope);
      if (obj instanceof Unknown) return unknownFrom(obj, node);
      if (isObjectValue(obj)) {
        if (!Object.hasOwn(obj, node.name)) fail(`${show(node.object)} has no attribute ${node.name}`);
        return obj[node.name] ?? null;
      }
      return fail(`${show(node.object)} is not an object`);
    }
    case 'index': {
      const obj = evalNode(node.object, scope);
      const key = evalNode(node.key, scope);
      if (obj instanceof Unknown) return unknownFrom(obj, node);
      if (key instanceof Unknown) return unknownFrom(key, node);
      return indexValue(obj, key);
    }
    case 'splat': {
      const src = evalNode(node.source, scope);
      if (src instanceof Unknown) return unknownFrom(src, node);
      const list = src === null ? [] : Array.isArray(src) ? src : [src];
      return list.map((item) => evalNode(node.each, childScope(scope, { '*': item })));
    }
    case 'call':
      return evalCall(node, scope);
    case 'tuple':
      return node.items.map((item) => evalNode(item, scope));
    case 'object': {
      const out: ObjectValue = {};
      for (const item of node.items) {
        const key = evalNode(item.key, scope);
        if (key instanceof Unknown) return unknownFrom(key, node);
        const k = asString(key);
        if (k === undefined) fail('an object key must be a string');
        out[k] = evalNode(item.value, scope);
      }
      return out;
    }
    case 'for':
      return evalFor(node, scope);
    case 'conditional': {
      const test = evalNode(node.test, scope);
      if (test instanceof Unknown) return unknownFrom(test, node);
      const b = asBool(test);
      if (b === undefined) fail('the condition is not a bool');
      return evalNode(b ? node.yes : node.no, scope);
    }
    case 'unary': {
      const v = evalNode(node.operand, scope);
      if (v instanceof Unknown) return unknownFrom(v, node);
      if (node.op === '!') {
        const b = asBool(v);
        if (b === undefined) fail('! needs a bool');
        return !b;
      }
      const n = asNumber(v);
      if (n === undefined) fail('- needs a number');
      return -n;
    }
    case 'binary':
      return evalBinary(node, scope);
  }
}

/** An unknown inside a larger expression: the larger expression's text, the inner reason. */
function unknownFrom(inner: Unknown, node: Node): Unknown {
  return new Unknown(show(node), inner.reason, inner.runtime);
}

function indexValue(obj: Value, key: Value): Value {
  if (Array.isArray(obj)) {
    const i = asNumber(key);
    if (i === undefined || !Number.isInteger(i) || i < 0 || i >= obj.length)
      fail(`index ${String(key)} out of range`);
    return obj[i] ?? null;
  }
  if (isObjectValue(obj)) {
    const k = asString(key);
    if (k === undefined || !Object.hasOwn(obj, k)) fail(`no key ${String(key)}`);
    return obj[k] ?? null;
  }
  return fail('only lists and objects can be indexed');
}

function evalTemplate(parts: TemplatePart[], scope: Scope): Value {
  // A template of one interpolation is that value itself, of any type.
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string' && isNode(only)) {
    const v = evalNode(only, scope);
    return v instanceof Unknown ? new Unknown(showParts(parts), v.reason, v.runtime) : v;
  }
  const text = templateText(parts, scope);
  if (text instanceof Unknown) return new Unknown(showParts(parts), text.reason, text.runtime);
  return text;
}

function isNode(part: TemplatePart): part is Node {
  return typeof part === 'object' && part.kind !== 'if' && part.kind !== 'for-directive';
}

function templateText(parts: TemplatePart[], scope: Scope): string | Unknown {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
    } else if (part.kind === 'if') {
      const test = evalNode(part.test, scope);
      if (test instanceof Unknown) return test;
      const t = templateText(asBool(test) ? part.yes : part.no, scope);
      if (t instanceof Unknown) return t;
      out += t;
    } else if (part.kind === 'for-directive') {
      const coll = evalNode(part.collection, scope);
      if (coll instanceof Unknown) return coll;
      for (const [k, v] of entries(coll)) {
        const names: Record<string, Value> = { [part.valueVar]: v };
        if (part.keyVar) names[part.keyVar] = k;
        const t = templateText(part.body, childScope(scope, names));
        if (t instanceof Unknown) return t;
        out += t;
      }
    } else {
      const v = evalNode(part, scope);
      if (v instanceof Unknown) return v;
      const s = asString(v);
      if (s === undefined) fail(`${show(part)} is ${v === null ? 'null' : 'not a string'} in a template`);
      out += s;
    }
  }
  return out;
}

/** Key/value pairs of a list (index keys) or object (sorted keys, as cty iterates). */
function entries(coll: Value): [Value, Value][] {
  if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
  if (isObjectValue(coll))
    return Object.keys(coll)
      .sort()
      .map((k) => [k, coll[k] ?? null]);
  return fail('a for expression needs a list or an object');
}

function evalFor(node: Extract<Node, { kind: 'for' }>, scope: Scope): Value {
  const coll = evalNode(node.collection, scope);
  if (coll instanceof Unknown) return unknownFrom(coll, node);
  const pairs: [Scope][] = entries(coll).map(([k, v]) => {
    const names: Record<string, Value> = { [node.valueVar]: v };
    if (node.keyVar) names[node.keyVar] = k;
    return [childScope(scope, names)];
  });
  const kept = pairs.filter(([s]) => {
    if (!node.condition) return true;
    const c = evalNode(node.condition, s);
    if (c instanceof Unknown) fail(c.reason);
    return asBool(c) === true;
  });
  if (!node.key) return kept.map(([s]) => evalNode(node.value, s));
  const out: ObjectValue = {};
  for (const [s] of kept) {
    const k = evalNode(node.key, s);
    if (k instanceof Unknown) return unknownFrom(k, node);
    const key = asString(k);
    if (key === undefined) fail('a for expression key must be a string');
    const value = evalNode(node.value, s);
    if (node.group) out[key] = [...((out[key] as Value[] | undefined) ?? []), value];
    else if (Object.hasOwn(out, key)) fail(`duplicate key ${key} in a for expression (use ... to group)`);
    else out[key] = value;
  }
  return out;
}

/** `try` and `can` look at their arguments' failures instead of passing them on. */
function evalTry(node: Extract<Node, { kind: 'call' }>, scope: Scope): Value {
  for (const arg of node.args) {
    const v = evaluate(arg, scope);
    const u = findUnknown(v);
    if (!u) return node.name === 'can' ? true : v;
    // A value known only when the build runs keeps the whole call unknown; a failure tries the next.
    if (u.runtime) return unknownFrom(u, node);
  }
  if (node.name === 'can') return false;
  return fail('no argument of try() could be evaluated');
}

function evalCall(node: Extract<Node, { kind: 'call' }>, scope: Scope): Value {
  if (node.name === 'try' || node.name === 'can') return evalTry(node, scope);
  const fn = scope.func(node.name);
  if (!fn) return new Unknown(show(node), `${node.name}() is not a function bake knows`);
  let args = node.args.map((a) => evalNode(a, scope));
  if (node.expand) {
    const last = args.pop();
    if (last instanceof Unknown) return unknownFrom(last, node);
    if (!Array.isArray(last)) fail('only a list can be expanded with ...');
    args = [...args, ...last];
  }
  for (const a of args) {
    const u = findUnknown(a);
    if (u) return unknownFrom(u, node);
  }
  try {
    const result = fn(args);
    return result instanceof Unknown ? unknownFrom(result, node) : result;
  } catch (e) {
    return fail(`${node.name}(): ${(e as Error).message}`);
  }
}

function evalBinary(node: Extract<Node, { kind: 'binary' }>, scope: Scope): Value {
  const left = evalNode(node.left, scope);
  // && and || need both sides known, as cty does; an unknown side makes the result unknown.
  const right = evalNode(node.right, scope);
  if (left instanceof Unknown) return unknownFrom(left, node);
  if (right instanceof Unknown) return unknownFrom(right, node);
  switch (node.op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case '&&':
    case '||': {
      const a = asBool(left);
      const b = asBool(right);
      if (a === undefined || b === undefined) fail(`${node.op} needs bools`);
      return node.op === '&&' ? a && b : a || b;
    }
    default: {
      const a = asNumber(left);
      const b = asNumber(right);
      if (a === undefined || b === undefined) fail(`${node.op} needs numbers`);
      switch (node.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          if (b === 0) fail('division by zero');
          return a / b;
        case '%':
          return a % b;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        default:
          return a >= b;
      }
    }
  }
}

/** An expression written back as HCL text (for messages and unresolved values). */
export function show(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
    case 'parens':
      return `(${show(node.inner)})`;
    case 'template':
      return `"${showParts(node.parts)}"`;
    case 'variable':
      return node.name;
    case 'attribute':
      return `${show(node.object)}.${node.name}`;
    case 'index':
      return `${show(node.object)}[${show(node.key)}]`;
    case 'splat':
      return `${show(node.source)}[*]${show(node.each).slice(1)}`;
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')}${node.expand ? '...' : ''})`;
    case 'tuple':
      return `[${node.items.map(show).join(', ')}]`;
    case 'object':
      return `{${node.items.map((i) => `${show(i.key)} = ${show(i.value)}`).join(', ')}}`;
    case 'for': {
      const vars = node.keyVar ? `${node.keyVar}, ${node.valueVar}` : node.valueVar;
      const body = node.key ? `${show(node.key)} => ${show(node.value)}` : show(node.value);
      const cond = node.condition ? ` if ${show(node.condition)}` : '';
      const [open, close] = node.key ? ['{', '}'] : ['[', ']'];
      return `${open}for ${vars} in ${show(node.collection)} : ${body}${node.group ? '...' : ''}${cond}${close}`;
    }
    case 'conditional':
      return `${show(node.test)} ? ${show(node.yes)} : ${show(node.no)}`;
    case 'unary':
      return `${node.op}${show(node.operand)}`;
    case 'binary':
      return `${show(node.left)} ${node.op} ${show(node.right)}`;
  }
}

/** Template parts as template text: interpolations as `${...}`. */
export function showParts(parts: TemplatePart[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.kind === 'if') return `%{if ${show(p.test)}}${showParts(p.yes)}%{else}${showParts(p.no)}%{endif}`;
      if (p.kind === 'for-directive')
        return `%{for ${p.valueVar} in ${show(p.collection)}}${showParts(p.body)}%{endfor}`;
      return `\${${show(p)}}`;
    })
    .join('');
}
