import { createHash } from 'node:crypto';
import path from 'node:path';
import {
  asBool,
  asNumber,
  asString,
  equal,
  type HclFunction,
  isObjectValue,
  type ObjectValue,
  Unknown,
  type Value,
} from './evaluate.js';

/**
 * bake's function library: the go-cty stdlib and the extras buildx adds (bake/hclparser/stdlib.go in
 * docker/buildx). Functions of the clock or of randomness (`timestamp`, `uuidv4`, `timeadd`,
 * `formatdate`) are runtime unknowns; `bcrypt`, `rsadecrypt` and the cidr family are not evaluated
 * (unknown). A function given a value of the wrong type throws; the evaluator turns that into an Unknown.
 */
export const BAKE_FUNCTIONS: ReadonlyMap<string, HclFunction> = new Map(Object.entries(library()));

function str(v: Value | undefined, what = 'argument'): string {
  const s = v === undefined ? undefined : asString(v);
  if (s === undefined) throw new Error(`${what} must be a string`);
  return s;
}
function num(v: Value | undefined): number {
  const n = v === undefined ? undefined : asNumber(v);
  if (n === undefined) throw new Error('argument must be a number');
  return n;
}
function list(v: Value | undefined): Value[] {
  if (Array.isArray(v)) return v;
  throw new Error('argument must be a list');
}
function obj(v: Value | undefined): ObjectValue {
  if (isObjectValue(v)) return v;
  throw new Error('argument must be an object');
}
function bool(v: Value | undefined): boolean {
  const b = v === undefined ? undefined : asBool(v);
  if (b === undefined) throw new Error('argument must be a bool');
  return b;
}

/** A Go regular expression as a JavaScript one (the common subset; `(?i)` flags moved to the end). */
function goRegex(pattern: string, global: boolean): RegExp {
  let flags = global ? 'g' : '';
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  let body = pattern;
  if (m) {
    body = pattern.slice(m[0].length);
    for (const f of m[1] ?? '') if (f !== 'U') flags += f;
  }
  return new RegExp(body.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$'), flags);
}

/** Go's `${1}` / `$name` replacement syntax as JavaScript's. */
function goReplacement(repl: string): string {
  return repl.replace(/\$\{(\w+)\}/g, (_m, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`));
}

/** cty's `format`: the verbs bake files use (%s %d %f %v %q %t %%, with width and precision). */
function format(spec: string, args: Value[]): string {
  let i = 0;
  return spec.replace(
    /%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g,
    (whole, pos, flags, width, prec, verb) => {
      if (verb === '%') return '%';
      if (pos) i = Number(pos) - 1;
      const arg = args[i++];
      if (arg === undefined) throw new Error(`too few arguments for ${whole}`);
      let out: string;
      switch (verb) {
        case 'd':
          out = Math.trunc(num(arg)).toString();
          break;
        case 'f':
          out = num(arg).toFixed(prec === undefined ? 6 : Number(prec));
          break;
        case 'q':
          out = JSON.stringify(str(arg));
          break;
        case 't':
          out = String(bool(arg));
          break;
        case 's':
        case 'v':
          out = asString(arg) ?? JSON.stringify(arg);
          break;
        default:
          throw new Error(`unsupported format verb %${verb}`);
      }
      if (width && out.length < Number(width)) {
        const pad = (flags as string).includes('0') && verb !== 's' ? '0' : ' ';
        out = (flags as string).includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), pad);
      }
      return out;
    },
  );
}

function flatten(v: Value[]): Value[] {
  return v.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));
}

function distinct(v: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of v) if (!out.some((y) => equal(x, y))) out.push(x);
  return out;
}

function hash(algorithm: string): HclFunction {
  return ([s]) => createHash(algorithm).update(str(s)).digest('hex');
}

function runtime(name: string): HclFunction {
  return () => new Unknown(`${name}()`, `${name}() cannot be known before the build runs`, true);
}

function notEvaluated(name: string): HclFunction {
  return () => new Unknown(`${name}()`, `strata does not evaluate ${name}()`);
}

function compare(test: (a: number, b: number) => boolean): HclFunction {
  return ([a, b]) => test(num(a), num(b));
}

function library(): Record<string, HclFunction> {
  return {
    absolute: ([n]) => Math.abs(num(n)),
    add: ([a, b]) => num(a) + num(b),
    and: (args) => args.every((a) => bool(a)),
    base64decode: ([s]) => Buffer.from(str(s), 'base64').toString('utf8'),
    base64encode: ([s]) => Buffer.from(str(s), 'utf8').toString('base64'),
    basename: ([s]) => path.posix.basename(str(s)),
    bcrypt: notEvaluated('bcrypt'),
    byteslen: notEvaluated('byteslen'),
    bytesslice: notEvaluated('bytesslice'),
    ceil: ([n]) => Math.ceil(num(n)),
    chomp: ([s]) => str(s).replace(/(?:\r\n|\r|\n)+$/, ''),
    chunklist: ([l, size]) => {
      const items = list(l);
      const n = num(size);
      if (n <= 0) return [items];
      const out: Value[] = [];
      for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
      return out;
    },
    cidrhost: notEvaluated('cidrhost'),
    cidrnetmask: notEvaluated('cidrnetmask'),
    cidrsubnet: notEvaluated('cidrsubnet'),
    cidrsubnets: notEvaluated('cidrsubnets'),
    coalesce: (args) => {
      for (const a of args) if (a !== null && a !== '') return a;
      throw new Error('no non-null, non-empty argument');
    },
    coalescelist: (args) => {
      for (const a of args) if (list(a).length > 0) return a;
      throw new Error('no non-empty list');
    },
    compact: ([l]) => list(l).filter((x) => x !== null && x !== ''),
    concat: (args) => args.flatMap(list),
    contains: ([l, v]) => list(l).some((x) => equal(x, v ?? null)),
    convert: ([v]) => v ?? null,
    csvdecode: notEvaluated('csvdecode'),
    dirname: ([s]) => path.posix.dirname(str(s)),
    distinct: ([l]) => distinct(list(l)),
    divide: ([a, b]) => {
      if (num(b) === 0) throw new Error('division by zero');
      return num(a) / num(b);
    },
    element: ([l, i]) => {
      const items = list(l);
      if (items.length === 0) throw new Error('cannot use element on an empty list');
      return items[((num(i) % items.length) + items.length) % items.length] ?? null;
    },
    equal: ([a, b]) => equal(a ?? null, b ?? null),
    flatten: ([l]) => flatten(list(l)),
    floor: ([n]) => Math.floor(num(n)),
    format: ([spec, ...args]) => format(str(spec), args),
    formatdate: runtime('formatdate'),
    formatlist: ([spec, ...args]) => {
      const lengths = args.filter(Array.isArray).map((a) => a.length);
      if (lengths.length === 0) return [format(str(spec), args)];
      const n = Math.min(...lengths);
      return Array.from({ length: n }, (_, i) =>
        format(
          str(spec),
          args.map((a) => (Array.isArray(a) ? (a[i] ?? null) : a)),
        ),
      );
    },
    greaterthan: compare((a, b) => a > b),
    greaterthanorequalto: compare((a, b) => a >= b),
    hasindex: ([c, k]) => {
      if (Array.isArray(c)) {
        const i = asNumber(k ?? null);
        return i !== undefined && i >= 0 && i < c.length;
      }
      return Object.hasOwn(obj(c), str(k));
    },
    indent: ([n, s]) => str(s).replace(/\n/g, `\n${' '.repeat(num(n))}`),
    index: ([c, k]) => {
      if (Array.isArray(c)) return c[num(k)] ?? null;
      const o = obj(c);
      const key = str(k);
      if (!Object.hasOwn(o, key)) throw new Error(`no key ${key}`);
      return o[key] ?? null;
    },
    indexof: ([l, v]) => {
      const i = list(l).findIndex((x) => equal(x, v ?? null));
      if (i < 0) throw new Error('item not found');
      return i;
    },
    int: ([n]) => Math.trunc(num(n)),
    join: ([sep, ...lists]) =>
      lists
        .flatMap(list)
        .map((x) => str(x, 'element'))
        .join(str(sep)),
    jsondecode: ([s]) => JSON.parse(str(s)) as Value,
    jsonencode: ([v]) => JSON.stringify(v ?? null),
    keys: ([o]) => Object.keys(obj(o)).sort(),
    length: ([v]) => {
      if (typeof v === 'string') return [...v].length;
      if (Array.isArray(v)) return v.length;
      return Object.keys(obj(v)).length;
    },
    lessthan: compare((a, b) => a < b),
    lessthanorequalto: compare((a, b) => a <= b),
    log: ([n, base]) => Math.log(num(n)) / Math.log(num(base)),
    lookup: ([o, k, fallback]) => {
      const m = obj(o);
      const key = str(k);
      if (Object.hasOwn(m, key)) return m[key] ?? null;
      if (fallback === undefined) throw new Error(`no key ${key}`);
      return fallback;
    },
    lower: ([s]) => str(s).toLowerCase(),
    max: (args) => Math.max(...args.map(num)),
    md5: hash('md5'),
    merge: (args) => Object.assign({}, ...args.filter((a) => a !== null).map(obj)) as ObjectValue,
    min: (args) => Math.min(...args.map(num)),
    modulo: ([a, b]) => num(a) % num(b),
    multiply: ([a, b]) => num(a) * num(b),
    negate: ([n]) => -num(n),
    not: ([b]) => !bool(b),
    notequal: ([a, b]) => !equal(a ?? null, b ?? null),
    or: (args) => args.some((a) => bool(a)),
    parseint: ([s, base]) => {
      const n = Number.parseInt(str(s), num(base));
      if (Number.isNaN(n)) throw new Error(`cannot parse ${str(s)}`);
      return n;
    },
    pow: ([a, b]) => num(a) ** num(b),
    range: (args) => {
      const [start, end, step] =
        args.length === 1
          ? [0, num(args[0]), 1]
          : [num(args[0]), num(args[1]), args[2] === undefined ? 1 : num(args[2])];
      if (step === 0) throw new Error('step must not be zero');
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) {
        out.push(i);
        if (out.length > 1024) throw new Error('range too long');
      }
      return out;
    },
    regex: ([pattern, s]) => {
      const m = goRegex(str(pattern), false).exec(str(s));
      if (!m) throw new Error('no match');
      if (m.groups) return { ...m.groups } as ObjectValue;
      return m.length > 1 ? m.slice(1).map((x) => x ?? null) : m[0];
    },
    regexall: ([pattern, s]) =>
      [...str(s).matchAll(goRegex(str(pattern), true))].map((m) =>
        m.groups ? ({ ...m.groups } as ObjectValue) : m.length > 1 ? m.slice(1).map((x) => x ?? null) : m[0],
      ),
    regex_replace: ([s, pattern, repl]) =>
      str(s).replace(goRegex(str(pattern), true), goReplacement(str(repl))),
    replace: ([s, search, repl]) => {
      const find = str(search);
      if (find.length > 1 && find.startsWith('/') && find.endsWith('/'))
        return str(s).replace(goRegex(find.slice(1, -1), true), goReplacement(str(repl)));
      return str(s).split(find).join(str(repl));
    },
    reverse: ([s]) => [...str(s)].reverse().join(''),
    reverselist: ([l]) => [...list(l)].reverse(),
    rsadecrypt: notEvaluated('rsadecrypt'),
    sanitize: ([s]) => str(s).replace(/[^a-zA-Z0-9_-]/g, '_'),
    sethaselement: ([l, v]) => list(l).some((x) => equal(x, v ?? null)),
    setintersection: ([first, ...rest]) =>
      distinct(list(first).filter((x) => rest.every((r) => list(r).some((y) => equal(x, y))))),
    setproduct: (args) => {
      let combos: Value[][] = [[]];
      for (const a of args) combos = combos.flatMap((c) => list(a).map((x) => [...c, x]));
      return combos;
    },
    setsubtract: ([a, b]) => distinct(list(a).filter((x) => !list(b).some((y) => equal(x, y)))),
    setsymmetricdifference: ([a, b]) =>
      distinct([
        ...list(a).filter((x) => !list(b).some((y) => equal(x, y))),
        ...list(b).filter((x) => !list(a).some((y) => equal(x, y))),
      ]),
    setunion: (args) => distinct(args.flatMap(list)),
    sha1: hash('sha1'),
    sha256: hash('sha256'),
    sha512: hash('sha512'),
    signum: ([n]) => Math.sign(num(n)),
    slice: ([l, from, to]) => list(l).slice(num(from), num(to)),
    sort: ([l]) =>
      list(l)
        .map((x) => str(x, 'element'))
        .sort(),
    split: ([sep, s]) => str(s).split(str(sep)),
    strlen: ([s]) => [...str(s)].length,
    substr: ([s, offset, length]) => {
      const chars = [...str(s)];
      let start = num(offset);
      if (start < 0) start = chars.length + start;
      const n = num(length);
      return chars.slice(start, n < 0 ? undefined : start + n).join('');
    },
    subtract: ([a, b]) => num(a) - num(b),
    timeadd: runtime('timeadd'),
    timestamp: runtime('timestamp'),
    title: ([s]) => str(s).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
    trim: ([s, chars]) => {
      const set = new Set(str(chars));
      const a = [...str(s)];
      let i = 0;
      let j = a.length;
      while (i < j && set.has(a[i] ?? '')) i++;
      while (j > i && set.has(a[j - 1] ?? '')) j--;
      return a.slice(i, j).join('');
    },
    trimprefix: ([s, prefix]) => (str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s)),
    trimspace: ([s]) => str(s).trim(),
    trimsuffix: ([s, suffix]) =>
      str(suffix) !== '' && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
    upper: ([s]) => str(s).toUpperCase(),
    urlencode: ([s]) => encodeURIComponent(str(s)),
    uuidv4: runtime('uuidv4'),
    uuidv5: notEvaluated('uuidv5'),
    values: ([o]) => {
      const m = obj(o);
      return Object.keys(m)
        .sort()
        .map((k) => m[k] ?? null);
    },
    zipmap: ([k, v]) => {
      const ks = list(k);
      const vs = list(v);
      return Object.fromEntries(ks.map((key, i) => [str(key), vs[i] ?? null])) as ObjectValue;
    },
  };
}
