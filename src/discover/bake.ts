import type { ImageDefinition } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { readBakeSource } from './bake-source.js';
import { dirOf, isNonPathContext, isRemoteContext, localPath, relativiseDefinition } from './local-path.js';
import { isRecord } from './yaml-source.js';

export interface BakeResult {
  definitions: ImageDefinition[];
  /** Group name -> the targets it builds (nested groups and matrix targets flattened). */
  groups: Record<string, string[]>;
  diagnostics: Diagnostic[];
}

type Scope = Record<string, unknown>;
type RawTarget = Record<string, unknown>;

/** Fields whose maps merge along `inherits` (the child's keys win); every other field is replaced. */
const MERGED_MAPS = ['args', 'contexts', 'labels', 'annotations'];

/**
 * Reads one docker-bake.hcl / docker-bake.json: variables (an `env` entry overrides a default), `${VAR}`
 * in strings, `inherits`, `matrix` (one definition per combination, named by `name`), groups.
 * `file` is relative to `root` (absolute; absolute paths inside it become relative); contexts are relative to
 * the bake file's folder. Never throws.
 */
export function parseBake(
  text: string,
  file: string,
  root: string,
  env: Record<string, string | undefined>,
): BakeResult {
  const out: BakeResult = { definitions: [], groups: {}, diagnostics: [] };
  const read = readBakeSource(text, file);
  out.diagnostics.push(...read.diagnostics);
  const src = read.source;
  if (!src) return out;
  const vars = resolveVariables(src.variables, env);
  const dir = dirOf(file);
  const report = (
    line: number | undefined,
    code: string,
    severity: 'error' | 'warning',
    message: string,
    hint: string,
  ) =>
    out.diagnostics.push(
      diagnostic(code, severity, message, { file, ...(line === undefined ? {} : { line }), hint }),
    );

  // Merge inherits first; each target once.
  const merged = new Map<string, RawTarget>();
  const mergeTarget = (name: string, stack: string[]): RawTarget => {
    const done = merged.get(name);
    if (done) return done;
    const own = src.targets[name] ?? {};
    let result: RawTarget = {};
    for (const parentName of inheritsOf(own)) {
      const parent = interpolateValue(parentName, vars).value;
      if (stack.includes(parent)) {
        report(
          src.lineOf('target', name),
          'STRATA_BAKE_INHERITS_CYCLE',
          'error',
          `bake target ${name} inherits in a cycle: ${[...stack, parent].join(' -> ')}`,
          'remove one of the inherits',
        );
        continue;
      }
      if (!src.targets[parent]) {
        report(
          src.lineOf('target', name),
          'STRATA_BAKE_UNKNOWN_TARGET',
          'error',
          `bake target ${name} inherits ${parent}, which ${file} does not define`,
          'define the target or fix the name',
        );
        continue;
      }
      result = mergeFields(result, mergeTarget(parent, [...stack, parent]));
    }
    const { inherits: _inherits, ...fields } = own;
    result = mergeFields(result, fields);
    merged.set(name, result);
    return result;
  };

  const inherited = new Set(Object.values(src.targets).flatMap(inheritsOf));
  const inGroups = new Set(Object.values(src.groups).flat());
  const expansions = new Map<string, string[]>();

  for (const name of Object.keys(src.targets).sort()) {
    const target = mergeTarget(name, [name]);
    const line = src.lineOf('target', name);
    const combos = matrixCombinations(src.targets[name]?.matrix ?? target.matrix);
    const names: string[] = [];
    for (const combo of combos) {
      const scope: Scope = { ...vars, ...combo };
      let defName = name;
      if (combos.length > 1 || Object.keys(combo).length > 0) {
        if (typeof target.name !== 'string') {
          report(
            line,
            'STRATA_BAKE_MATRIX_NAME',
            'error',
            `bake target ${name} has a matrix but no \`name\``,
            'add name = "..." using the matrix values',
          );
          break;
        }
        defName = interpolateValue(target.name, scope).value;
      }
      names.push(defName);
      const abstract =
        name.startsWith('_') || (inherited.has(name) && !inGroups.has(name) && target.tags === undefined);
      if (abstract) continue;
      const def = toDefinition(target, defName, scope, dir, file, line, (message) =>
        report(
          line,
          'STRATA_BAKE_UNRESOLVED',
          'warning',
          `bake target ${defName}: ${message}`,
          'strata evaluates variables and matrix values only; it keeps the text as it is',
        ),
      );
      relativiseDefinition(def, root);
      out.definitions.push(def);
    }
    expansions.set(name, names);
  }

  const flatten = (group: string, stack: string[]): string[] => {
    const list: string[] = [];
    for (const entry of src.groups[group] ?? []) {
      const member = interpolateValue(entry, vars).value;
      if (src.groups[member] !== undefined && member !== group) {
        if (stack.includes(member)) continue;
        list.push(...flatten(member, [...stack, member]));
      } else {
        list.push(...(expansions.get(member) ?? [member]));
      }
    }
    return [...new Set(list)];
  };
  for (const group of Object.keys(src.groups)) out.groups[group] = flatten(group, [group]);
  const expanded = new Set([...expansions.values()].flat());
  for (const [group, members] of Object.entries(out.groups)) {
    for (const member of members) {
      if (src.targets[member] || expanded.has(member)) continue;
      report(
        src.lineOf('group', group),
        'STRATA_BAKE_UNKNOWN_TARGET',
        'warning',
        `bake group ${group} names ${member}, which ${file} does not define`,
        'define the target or remove it from the group',
      );
    }
  }
  return out;
}

function toDefinition(
  target: RawTarget,
  name: string,
  scope: Scope,
  dir: string,
  file: string,
  line: number | undefined,
  unresolved: (message: string) => void,
): ImageDefinition {
  const str = (v: unknown): string | undefined => {
    if (v === undefined || v === null) return undefined;
    const r = interpolateValue(typeof v === 'string' ? v : String(v), scope);
    if (r.unresolved.length > 0)
      unresolved(`cannot evaluate ${r.unresolved.map((e) => `\${${e}}`).join(', ')}`);
    return r.value;
  };
  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
      .map(str)
      .filter((x): x is string => x !== undefined);
  const map = (v: unknown): Record<string, string> => {
    const o: Record<string, string> = {};
    if (isRecord(v))
      for (const [k, val] of Object.entries(v)) {
        const s = val === null ? undefined : str(val);
        if (s !== undefined) o[k] = s;
      }
    return o;
  };
  const rawContext = (str(target.context) ?? '.').replace(/^cwd:\/\//, '');
  const remote = isRemoteContext(rawContext);
  const context = remote ? rawContext : localPath(dir, rawContext);
  const def: ImageDefinition = {
    origin: { kind: 'bake', file, ...(line === undefined ? {} : { line }), name },
    context,
    args: map(target.args),
    tags: list(target.tags),
    contexts: {},
    platforms: list(target.platforms),
  };
  if (remote) def.remoteContext = true;
  const inline = str(target['dockerfile-inline']);
  if (inline !== undefined) def.dockerfileInline = inline;
  else {
    const dockerfile = (str(target.dockerfile) ?? 'Dockerfile').replace(/^cwd:\/\//, '');
    def.dockerfile = remote ? dockerfile : localPath(context, dockerfile);
  }
  const t = str(target.target);
  if (t) def.target = t;
  for (const [key, value] of Object.entries(map(target.contexts))) {
    def.contexts[key] = isNonPathContext(value) ? value : localPath(dir, value.replace(/^cwd:\/\//, ''));
  }
  return def;
}

/** The `inherits` of a target, as written (non-string entries ignored). */
function inheritsOf(target: RawTarget): string[] {
  return Array.isArray(target.inherits)
    ? target.inherits.filter((x): x is string => typeof x === 'string')
    : [];
}

function mergeFields(base: RawTarget, over: RawTarget): RawTarget {
  const out: RawTarget = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] = MERGED_MAPS.includes(key) && isRecord(prev) && isRecord(value) ? { ...prev, ...value } : value;
  }
  return out;
}

/** Every combination of a matrix (`{a: [1,2], b: [x]}`); `[{}]` when there is none. */
function matrixCombinations(matrix: unknown): Scope[] {
  if (!isRecord(matrix)) return [{}];
  let combos: Scope[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    const list = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** Variable values: the environment wins over a default; defaults may use other variables. */
function resolveVariables(defs: Record<string, unknown>, env: Record<string, string | undefined>): Scope {
  const out: Scope = {};
  const resolving = new Set<string>();
  const resolve = (name: string): unknown => {
    if (name in out) return out[name];
    const fromEnv = env[name];
    const d = defs[name];
    if (fromEnv !== undefined || typeof d !== 'string') {
      out[name] = fromEnv ?? d ?? '';
      return out[name];
    }
    if (resolving.has(name)) return d;
    resolving.add(name);
    const lazy = new Proxy(
      {},
      {
        has: (_t, key) => typeof key === 'string' && key in defs,
        get: (_t, key) => (typeof key === 'string' && key in defs ? resolve(key) : undefined),
      },
    ) as Scope;
    out[name] = interpolateValue(d, lazy).value;
    resolving.delete(name);
    return out[name];
  };
  for (const name of Object.keys(defs)) resolve(name);
  return out;
}

/** `${NAME}` and `${item.field}` from `scope`; `$${` is a literal `${`. Anything else stays as text. */
function interpolateValue(text: string, scope: Scope): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = text.replace(/\$?\$\{([^{}]*)\}/g, (whole, expr: string) => {
    if (whole.startsWith('$$')) return whole.slice(1);
    const ref = /^\s*([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)*)\s*$/.exec(expr);
    if (ref && ref[1]! in scope) {
      let v: unknown = scope[ref[1]!];
      for (const part of (ref[2] ?? '').split('.').filter(Boolean)) v = isRecord(v) ? v[part] : undefined;
      if (v !== undefined && v !== null && typeof v !== 'object') return String(v);
    }
    unresolved.push(expr.trim());
    return whole;
  });
  return { value, unresolved };
}
