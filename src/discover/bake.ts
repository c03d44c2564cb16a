import type { ImageDefinition, ValueOrigin, ValueOrigins, VariableUse } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { addBakeFile, type BakeBlock, type BakeSource, emptyBakeSource, type Stated } from './bake-source.js';
import type { Node } from './hcl/ast.js';
import {
  asString,
  childScope,
  evaluate,
  findUnknown,
  type HclFunction,
  isObjectValue,
  type Scope,
  Unknown,
  type Value,
} from './hcl/evaluate.js';
import { BAKE_FUNCTIONS } from './hcl/functions.js';
import { dirOf, isNonPathContext, isRemoteContext, localPath, relativiseDefinition } from './local-path.js';

export interface BakeResult {
  definitions: ImageDefinition[];
  /** Group name -> the targets it builds (nested groups and matrix targets flattened). */
  groups: Record<string, string[]>;
  /** Group name -> where the group is declared. */
  groupLines?: Record<string, ValueOrigin>;
  /** The variables of the files and the values used for them. */
  variables: VariableUse[];
  diagnostics: Diagnostic[];
}

/** One bake file of an invocation: its root-relative path and text. */
export interface BakeInput {
  file: string;
  text: string;
}

export interface BakeOptions {
  /** Absolute path of the scanned root. */
  root: string;
  /**
   * Root-relative folder `docker buildx bake` runs in. buildx resolves `context`, named contexts and
   * `cwd://` paths against it, not against the bake file's folder (docker/buildx#1028); `dockerfile`
   * against the context. Default: the folder of the first file.
   */
  cwd?: string;
  /** The invoking environment: a variable named in it takes that value over its default. */
  env?: Record<string, string | undefined>;
  /** Values given to strata (`--set VAR=value`, `--env-file`): they win over the environment. */
  set?: Record<string, string>;
}

/** Fields whose maps merge along `inherits` (the child's keys win); every other field is replaced. */
const MERGED_MAPS = new Set(['args', 'contexts', 'labels', 'annotations']);

/** Built-in variables of bake (buildx bake/bake.go). */
const BUILTINS: Record<string, string> = { BAKE_CMD_CONTEXT: 'cwd://', BAKE_LOCAL_PLATFORM: 'linux/amd64' };

/**
 * Reads one docker-bake.hcl / .json on its own, as `docker buildx bake` run in its folder reads it.
 * `file` is relative to `root` (absolute). Never throws.
 */
export function parseBake(
  text: string,
  file: string,
  root: string,
  env: Record<string, string | undefined>,
): BakeResult {
  return parseBakeFiles([{ file, text }], { root, env });
}

/**
 * Evaluates bake files combined as one invocation (`docker buildx bake -f a.hcl -f b.hcl`) combines
 * them: variables (the `set` values, then the environment, then defaults), top-level attributes,
 * user functions and bake's function library, `inherits`, `matrix` (one definition per combination,
 * named by `name`), groups. Values that cannot be known statically stay as `${...}` text with a
 * diagnostic. Never throws.
 */
export function parseBakeFiles(inputs: BakeInput[], opts: BakeOptions): BakeResult {
  const out: BakeResult = { definitions: [], groups: {}, groupLines: {}, variables: [], diagnostics: [] };
  const src = emptyBakeSource();
  for (const input of inputs) out.diagnostics.push(...addBakeFile(src, input.text, input.file));
  const cwd = opts.cwd ?? dirOf(inputs[0]?.file ?? '.');
  const globals = globalScope(src, opts, out);
  const markers = markerScope(src, globals);

  const report = (
    at: { file: string; line?: number },
    code: string,
    severity: Diagnostic['severity'],
    message: string,
    hint: string,
  ) =>
    out.diagnostics.push(
      diagnostic(code, severity, message, {
        file: at.file,
        ...(at.line === undefined ? {} : { line: at.line }),
        hint,
      }),
    );

  const stringList = (stated: Stated | undefined, scope: Scope): string[] => {
    if (!stated) return [];
    const v = evaluate(stated.expr, scope);
    return Array.isArray(v)
      ? v.flatMap((x) => (typeof x === 'string' ? [x] : []))
      : typeof v === 'string'
        ? [v]
        : [];
  };

  const inheritsOf = (block: BakeBlock): string[] => stringList(block.attributes.get('inherits'), globals);

  // The attributes of a target with those of its parents (parents first, the child's win).
  const chain = (name: string, stack: string[]): Map<string, Stated[]> => {
    const block = src.targets.get(name);
    const merged = new Map<string, Stated[]>();
    if (!block) return merged;
    for (const parent of inheritsOf(block)) {
      if (stack.includes(parent)) {
        report(
          block,
          'STRATA_BAKE_INHERITS_CYCLE',
          'error',
          `bake target ${name} inherits in a cycle: ${[...stack, parent].join(' -> ')}`,
          'remove one of the inherits',
        );
        continue;
      }
      if (!src.targets.has(parent)) {
        report(
          block,
          'STRATA_BAKE_UNKNOWN_TARGET',
          'error',
          `bake target ${name} inherits ${parent}, which the bake files do not define`,
          'define the target or fix the name',
        );
        continue;
      }
      for (const [k, list] of chain(parent, [...stack, parent])) {
        merged.set(k, MERGED_MAPS.has(k) ? [...(merged.get(k) ?? []), ...list] : list);
      }
    }
    for (const [k, stated] of block.attributes) {
      if (k === 'inherits') continue;
      merged.set(k, MERGED_MAPS.has(k) ? [...(merged.get(k) ?? []), stated] : [stated]);
    }
    return merged;
  };

  const inherited = new Set([...src.targets.values()].flatMap(inheritsOf));
  const groupMembers = new Map<string, string[]>();
  for (const [name, group] of src.groups)
    groupMembers.set(name, stringList(group.attributes.get('targets'), globals));
  const inGroups = new Set([...groupMembers.values()].flat());
  const expansions = new Map<string, string[]>();

  for (const name of [...src.targets.keys()].sort()) {
    const block = src.targets.get(name) as BakeBlock;
    const attrs = chain(name, [name]);
    const last = (k: string): Stated | undefined => attrs.get(k)?.at(-1);
    const combos = matrixCombinations(last('matrix'), globals, (message) =>
      report(
        last('matrix') ?? block,
        'STRATA_BAKE_UNRESOLVED',
        'warning',
        `bake target ${name}: ${message}`,
        'strata evaluates the matrix statically; give the values with --set',
      ),
    );
    const names: string[] = [];
    for (const combo of combos) {
      const scope = childScope(globals, combo);
      let defName = name;
      if (last('matrix')) {
        const nameAttr = last('name');
        if (!nameAttr) {
          report(
            block,
            'STRATA_BAKE_MATRIX_NAME',
            'error',
            `bake target ${name} has a matrix but no \`name\``,
            'add name = "..." using the matrix values',
          );
          break;
        }
        defName = stringOf(nameAttr.expr, scope).text;
      }
      names.push(defName);
      const abstract = name.startsWith('_') || (inherited.has(name) && !inGroups.has(name) && !last('tags'));
      if (abstract) continue;
      const unresolved = (stated: Stated, u: Unknown) =>
        report(
          stated,
          'STRATA_BAKE_UNRESOLVED',
          u.runtime ? 'info' : 'warning',
          `bake target ${defName}: ${u.text} ${u.runtime ? 'is known only when the build runs' : `cannot be evaluated: ${u.reason}`}`,
          u.runtime
            ? 'strata keeps the expression as it is written'
            : 'define it, or give its value with --set VAR=value',
        );
      const def = toDefinition(attrs, defName, scope, cwd, block, unresolved);
      const templates = templatesOf(attrs, childScope(markers, combo), def, globals);
      if (templates && def.valueOrigins) def.valueOrigins.templates = templates;
      relativiseDefinition(def, opts.root);
      out.definitions.push(def);
    }
    expansions.set(name, names);
  }

  const flatten = (group: string, stack: string[]): string[] => {
    const list: string[] = [];
    for (const member of groupMembers.get(group) ?? []) {
      if (groupMembers.has(member) && member !== group) {
        if (!stack.includes(member)) list.push(...flatten(member, [...stack, member]));
      } else {
        list.push(...(expansions.get(member) ?? [member]));
      }
    }
    return [...new Set(list)];
  };
  const expanded = new Set([...expansions.values()].flat());
  for (const [group, block] of src.groups) {
    out.groups[group] = flatten(group, [group]);
    (out.groupLines as Record<string, ValueOrigin>)[group] = { file: block.file, line: block.line };
    for (const member of out.groups[group]) {
      if (src.targets.has(member) || expanded.has(member)) continue;
      report(
        block,
        'STRATA_BAKE_UNKNOWN_TARGET',
        'warning',
        `bake group ${group} names ${member}, which the bake files do not define`,
        'define the target or remove it from the group',
      );
    }
  }
  return out;
}

/**
 * The names every expression sees: variables (valued `set` > environment > default, as buildx does),
 * top-level attributes, bake's built-ins; user functions, then bake's function library.
 */
function globalScope(src: BakeSource, opts: BakeOptions, out: BakeResult): Scope {
  const env = opts.env ?? {};
  const set = opts.set ?? {};
  const values = new Map<string, Value>();
  const resolving = new Set<string>();
  const functions = new Map<string, HclFunction>();
  const scope: Scope = {
    lookup(name) {
      const known = values.get(name);
      if (known !== undefined) return known;
      if (resolving.has(name)) return new Unknown(name, `${name} refers to itself`);
      const variable = src.variables.get(name);
      const attribute = src.attributes.get(name);
      if (!variable && !attribute) return BUILTINS[name];
      resolving.add(name);
      let value: Value;
      if (variable) {
        const { value: v, use } = variableValue(name, variable, env, set, scope);
        value = v;
        out.variables.push(use);
      } else {
        value = evaluate((attribute as Stated).expr, scope);
      }
      resolving.delete(name);
      values.set(name, value);
      return value;
    },
    func: (name) => functions.get(name) ?? BAKE_FUNCTIONS.get(name),
  };
  for (const [name, fn] of src.functions) {
    functions.set(name, (args) => {
      const names: Record<string, Value> = {};
      fn.params.forEach((p, i) => {
        names[p] = args[i] ?? null;
      });
      if (fn.variadic) names[fn.variadic] = args.slice(fn.params.length);
      return evaluate(fn.result, childScope(scope, names));
    });
  }
  // Every variable is reported, used or not, in the order of the files.
  for (const name of src.variables.keys()) scope.lookup(name);
  return scope;
}

const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';
const MARKED = /\u0001([^\u0001\u0002]+)\u0002/g;

/** The global scope, with every string-valued `variable` standing for itself as a marker. */
function markerScope(src: BakeSource, globals: Scope): Scope {
  return {
    lookup(name) {
      const v = globals.lookup(name);
      return src.variables.has(name) && typeof v === 'string' ? `${MARK_OPEN}${name}${MARK_CLOSE}` : v;
    },
    func: (name) => globals.func(name),
  };
}

/**
 * Tags and args as templates of the variables (`acme/app:${TAG}`): evaluated once more with each
 * variable as a marker; kept when putting the values back in gives the value itself (a variable that
 * went through a function, such as `lower(TAG)`, leaves the value frozen).
 */
function templatesOf(
  attrs: Map<string, Stated[]>,
  scope: Scope,
  def: ImageDefinition,
  globals: Scope,
): { tags?: Record<string, string>; args?: Record<string, string> } | undefined {
  const fill = (text: string) => text.replace(MARKED, (_m, name: string) => String(globals.lookup(name)));
  const template = (text: string) => text.replace(MARKED, (_m, name: string) => `\${${name}}`);
  const out: { tags?: Record<string, string>; args?: Record<string, string> } = {};
  const tagsAttr = attrs.get('tags')?.at(-1);
  if (tagsAttr) {
    const v = evaluate(tagsAttr.expr, scope);
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    const tags: Record<string, string> = {};
    list.forEach((text, i) => {
      const real = def.tags[i];
      if (real !== undefined && text.includes(MARK_OPEN) && fill(text) === real) tags[real] = template(text);
    });
    if (Object.keys(tags).length > 0) out.tags = tags;
  }
  const args: Record<string, string> = {};
  for (const stated of attrs.get('args') ?? []) {
    const v = evaluate(stated.expr, scope);
    if (!isObjectValue(v)) continue;
    for (const [key, text] of Object.entries(v)) {
      if (typeof text !== 'string') continue;
      if (text.includes(MARK_OPEN) && fill(text) === def.args[key]) args[key] = template(text);
      else delete args[key];
    }
  }
  if (Object.keys(args).length > 0) out.args = args;
  return out.tags || out.args ? out : undefined;
}

function variableValue(
  name: string,
  variable: { default?: Stated; file: string; line: number },
  env: Record<string, string | undefined>,
  set: Record<string, string>,
  scope: Scope,
): { value: Value; use: VariableUse } {
  const at = { file: variable.file, line: variable.line };
  const fallback = variable.default ? evaluate(variable.default.expr, scope) : undefined;
  const given = Object.hasOwn(set, name) ? set[name] : undefined;
  const fromEnv = given === undefined ? env[name] : undefined;
  const text = given ?? fromEnv;
  const stated =
    fallback === undefined || fallback === null || fallback instanceof Unknown
      ? undefined
      : asString(fallback);
  const withDefault = stated === undefined ? {} : { default: stated };
  if (text !== undefined) {
    const value = typed(text, fallback);
    const source = given !== undefined ? 'set' : 'env';
    return {
      value,
      use: { name, source, ...(source === 'set' ? { value: text } : {}), ...withDefault, ...at },
    };
  }
  if (fallback === undefined || fallback === null)
    return { value: '', use: { name, source: 'unset', ...at } };
  const shown = fallback instanceof Unknown ? undefined : (asString(fallback) ?? JSON.stringify(fallback));
  return {
    value: fallback,
    use: { name, source: 'default', ...(shown === undefined ? {} : { value: shown }), ...withDefault, ...at },
  };
}

/** An environment value in the type of the variable's default, as buildx converts it. */
function typed(text: string, fallback: Value | undefined): Value {
  if (typeof fallback === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (typeof fallback === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (Array.isArray(fallback) || isObjectValue(fallback)) {
    try {
      return JSON.parse(text) as Value;
    } catch {
      return Array.isArray(fallback) ? text.split(',') : text;
    }
  }
  return text;
}

/** Every combination of a matrix (`{a = [1, 2], b = ["x"]}`); `[{}]` when there is none. */
function matrixCombinations(
  stated: Stated | undefined,
  scope: Scope,
  unresolved: (message: string) => void,
): Record<string, Value>[] {
  if (!stated) return [{}];
  const matrix = evaluate(stated.expr, scope);
  if (!isObjectValue(matrix)) {
    unresolved(`its matrix cannot be evaluated${matrix instanceof Unknown ? `: ${matrix.reason}` : ''}`);
    return [];
  }
  let combos: Record<string, Value>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    const u = findUnknown(values);
    if (u) {
      unresolved(`matrix value ${key} cannot be evaluated: ${u.reason}`);
      return [];
    }
    const list = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

/** A value as a string for a definition: unknown parts kept as `${...}` text. */
function stringOf(expr: Node, scope: Scope): { text: string; unknown?: Unknown } {
  const v = evaluate(expr, scope);
  if (v instanceof Unknown) {
    const text = expr.kind === 'template' ? v.text : `\${${v.text}}`;
    return { text, unknown: v };
  }
  const s = asString(v);
  if (s !== undefined) return { text: s };
  return { text: JSON.stringify(v) };
}

function toDefinition(
  attrs: Map<string, Stated[]>,
  name: string,
  scope: Scope,
  cwd: string,
  block: BakeBlock,
  unresolved: (stated: Stated, u: Unknown) => void,
): ImageDefinition {
  const origins: ValueOrigins = {};
  const at = (s: Stated): ValueOrigin => ({ file: s.file, line: s.line });
  const one = (k: string): { text: string; stated: Stated } | undefined => {
    const stated = attrs.get(k)?.at(-1);
    if (!stated) return undefined;
    const v = evaluate(stated.expr, scope);
    if (v === null) return undefined;
    const r = stringOf(stated.expr, scope);
    if (r.unknown) unresolved(stated, r.unknown);
    return { text: r.text, stated };
  };
  /** List items with the line of each literal item. */
  const items = (k: string): { text: string; loc: ValueOrigin }[] => {
    const stated = attrs.get(k)?.at(-1);
    if (!stated) return [];
    const expr = stated.expr;
    const nodes = expr.kind === 'tuple' ? expr.items : undefined;
    if (nodes) {
      return nodes.flatMap((node) => {
        const v = evaluate(node, scope);
        if (v === null) return [];
        if (Array.isArray(v)) return v.flatMap((x) => listItem(x, node, stated));
        const r = stringOf(node, scope);
        if (r.unknown) unresolved({ ...stated, line: node.line }, r.unknown);
        return [{ text: r.text, loc: { file: stated.file, line: node.line } }];
      });
    }
    const v = evaluate(expr, scope);
    if (Array.isArray(v)) return v.flatMap((x) => listItem(x, expr, stated));
    if (v === null) return [];
    const r = stringOf(expr, scope);
    if (r.unknown) unresolved(stated, r.unknown);
    return [{ text: r.text, loc: at(stated) }];
  };
  const listItem = (x: Value, node: Node, stated: Stated): { text: string; loc: ValueOrigin }[] => {
    if (x === null) return [];
    if (x instanceof Unknown) {
      unresolved({ ...stated, line: node.line }, x);
      return [{ text: `\${${x.text}}`, loc: { file: stated.file, line: node.line } }];
    }
    return [{ text: asString(x) ?? JSON.stringify(x), loc: { file: stated.file, line: node.line } }];
  };
  /** Maps merged along inherits, each key with the line that states it. */
  const map = (k: string): Record<string, { text: string; loc: ValueOrigin }> => {
    const result: Record<string, { text: string; loc: ValueOrigin }> = {};
    for (const stated of attrs.get(k) ?? []) {
      const expr = stated.expr;
      const entries: [string, Node | undefined, Value, number][] = [];
      if (expr.kind === 'object') {
        for (const item of expr.items) {
          const key = evaluate(item.key, scope);
          const ks = asString(key);
          if (ks === undefined) continue;
          entries.push([ks, item.value, evaluate(item.value, scope), item.line]);
        }
      } else {
        const v = evaluate(expr, scope);
        if (v instanceof Unknown) {
          unresolved(stated, v);
          continue;
        }
        if (isObjectValue(v))
          for (const [key, value] of Object.entries(v)) entries.push([key, undefined, value, stated.line]);
      }
      for (const [key, node, value, line] of entries) {
        if (value === null) {
          delete result[key];
          continue;
        }
        let text: string;
        if (value instanceof Unknown) {
          unresolved({ ...stated, line }, value);
          text = node?.kind === 'template' ? value.text : `\${${value.text}}`;
        } else {
          text = asString(value) ?? JSON.stringify(value);
        }
        result[key] = { text, loc: { file: stated.file, line } };
      }
    }
    return result;
  };

  const contextAttr = one('context');
  const rawContext = (contextAttr?.text ?? '.').replace(/^cwd:\/\//, '');
  const remote = isRemoteContext(rawContext);
  const context = remote ? rawContext : localPath(cwd, rawContext);
  if (contextAttr) origins.context = at(contextAttr.stated);
  const args = map('args');
  const contexts = map('contexts');
  const tags = items('tags');
  const def: ImageDefinition = {
    origin: { kind: 'bake', file: block.file, line: block.line, name },
    context,
    args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.text])),
    tags: tags.map((t) => t.text),
    contexts: {},
    platforms: items('platforms').map((p) => p.text),
  };
  if (remote) def.remoteContext = true;
  const inline = one('dockerfile-inline');
  if (inline !== undefined) def.dockerfileInline = inline.text;
  else {
    const dockerfile = one('dockerfile');
    const path = (dockerfile?.text ?? 'Dockerfile').replace(/^cwd:\/\//, '');
    def.dockerfile = remote
      ? path
      : dockerfile?.text.startsWith('cwd://')
        ? localPath(cwd, path)
        : localPath(context, path);
    if (dockerfile) origins.dockerfile = at(dockerfile.stated);
  }
  const target = one('target');
  if (target?.text) {
    def.target = target.text;
    origins.target = at(target.stated);
  }
  for (const [key, { text }] of Object.entries(contexts)) {
    def.contexts[key] = isNonPathContext(text) ? text : localPath(cwd, text.replace(/^cwd:\/\//, ''));
  }
  if (tags.length > 0) def.tagOrigins = Object.fromEntries(tags.map((t) => [t.text, t.loc]));
  if (Object.keys(args).length > 0)
    def.argOrigins = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.loc]));
  if (Object.keys(contexts).length > 0)
    origins.contexts = Object.fromEntries(Object.entries(contexts).map(([k, v]) => [k, v.loc]));
  def.valueOrigins = origins;
  return def;
}
