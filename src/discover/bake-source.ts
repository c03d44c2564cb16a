import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { type Body, HclSyntaxError, type Node, type TemplatePart } from './hcl/ast.js';
import { parseHcl } from './hcl/parse.js';
import { isRecord } from './yaml-source.js';

/** An expression and the place that states it. */
export interface Stated {
  expr: Node;
  file: string;
  line: number;
}

export interface BakeFunctionDef {
  params: string[];
  variadic?: string;
  result: Node;
  file: string;
  line: number;
}

/** A target or group: its attributes (a later block of the same name overrides attribute by attribute). */
export interface BakeBlock {
  name: string;
  file: string;
  line: number;
  attributes: Map<string, Stated>;
}

/**
 * One or more bake files combined as `docker buildx bake -f a -f b` combines them: variables,
 * top-level attributes, functions, targets and groups of every file in one namespace, a later file's
 * definition overriding an earlier one (targets and groups attribute by attribute).
 */
export interface BakeSource {
  variables: Map<string, { default?: Stated; file: string; line: number }>;
  attributes: Map<string, Stated>;
  functions: Map<string, BakeFunctionDef>;
  targets: Map<string, BakeBlock>;
  groups: Map<string, BakeBlock>;
}

export function emptyBakeSource(): BakeSource {
  return {
    variables: new Map(),
    attributes: new Map(),
    functions: new Map(),
    targets: new Map(),
    groups: new Map(),
  };
}

/**
 * Adds one bake file (HCL, or JSON when `file` ends in .json) to `into`. Never throws: bad syntax is one
 * diagnostic with its line, and the file adds nothing.
 */
export function addBakeFile(into: BakeSource, text: string, file: string): Diagnostic[] {
  let body: Body;
  try {
    body = file.endsWith('.json') ? jsonBody(text) : parseHcl(text);
  } catch (e) {
    const line = e instanceof HclSyntaxError ? e.line : jsonErrorLine(text, e as Error);
    return [syntaxError(file, (e as Error).message, line)];
  }
  for (const attr of body.attributes)
    into.attributes.set(attr.name, { expr: attr.expr, file, line: attr.line });
  for (const block of body.blocks) {
    const name = block.labels[0];
    if (name === undefined) continue;
    const attrs = new Map(block.body.attributes.map((a) => [a.name, { expr: a.expr, file, line: a.line }]));
    if (block.type === 'variable') {
      const def = attrs.get('default');
      const prev = into.variables.get(name);
      // A later block without a default keeps the earlier default.
      into.variables.set(name, {
        ...(def ? { default: def } : prev?.default ? { default: prev.default } : {}),
        file,
        line: block.line,
      });
    } else if (block.type === 'function') {
      const result = attrs.get('result');
      if (!result) continue;
      const params = attrs.get('params')?.expr;
      const variadic = attrs.get('variadic_params')?.expr;
      into.functions.set(name, {
        params:
          params?.kind === 'tuple'
            ? params.items.flatMap((p) => (p.kind === 'variable' ? [p.name] : []))
            : [],
        ...(variadic?.kind === 'variable' ? { variadic: variadic.name } : {}),
        result: result.expr,
        file,
        line: block.line,
      });
    } else if (block.type === 'target' || block.type === 'group') {
      const map = block.type === 'target' ? into.targets : into.groups;
      const prev = map.get(name);
      if (prev) for (const [k, v] of attrs) prev.attributes.set(k, v);
      else map.set(name, { name, file, line: block.line, attributes: attrs });
    }
  }
  return [];
}

/**
 * A JSON bake file as the same tree: objects and arrays as literals, strings as templates (bake
 * interpolates `${...}` in JSON strings too). Lines are those of each block's key.
 */
function jsonBody(text: string): Body {
  const value: unknown = JSON.parse(text);
  if (!isRecord(value)) throw new Error('its top level is not an object');
  const lines = text.split('\n');
  const lineOfKey = (kind: string, key: string): number => {
    const quoted = JSON.stringify(key);
    let inKind = false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.includes(`"${kind}"`)) inKind = true;
      if (inKind && l.includes(`${quoted}`) && /:\s*\{/.test(l.slice(l.indexOf(quoted)))) return i + 1;
    }
    return 1;
  };
  const body: Body = { attributes: [], blocks: [] };
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'variable' || key === 'target' || key === 'group' || key === 'function') && isRecord(v)) {
      for (const [name, inner] of Object.entries(v)) {
        const line = lineOfKey(key, name);
        const entries = isRecord(inner) ? Object.entries(inner) : [];
        body.blocks.push({
          type: key,
          labels: [name],
          line,
          body: {
            attributes: entries.map(([k, x]) => ({ name: k, expr: jsonNode(x, line), line })),
            blocks: [],
          },
        });
      }
    } else {
      body.attributes.push({ name: key, expr: jsonNode(v, 1), line: 1 });
    }
  }
  return body;
}

function jsonNode(v: unknown, line: number): Node {
  if (typeof v === 'string') {
    // A string of JSON is an HCL template: parse it as the inside of a quoted string.
    try {
      const body = parseHcl(`x = <<EOT_STRATA_JSON\n${v}\nEOT_STRATA_JSON\n`);
      const expr = body.attributes[0]?.expr;
      if (expr?.kind === 'template') {
        const parts: TemplatePart[] = [...expr.parts];
        const last = parts[parts.length - 1];
        if (typeof last === 'string') parts[parts.length - 1] = last.replace(/\n$/, '');
        return { kind: 'template', parts: parts.filter((p) => p !== ''), line };
      }
    } catch {
      // A string that is not a valid template stays literal.
    }
    return { kind: 'literal', value: v, line };
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null)
    return { kind: 'literal', value: v, line };
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map((x) => jsonNode(x, line)), line };
  if (isRecord(v)) {
    return {
      kind: 'object',
      items: Object.entries(v).map(([k, x]) => ({
        key: { kind: 'literal', value: k, line },
        value: jsonNode(x, line),
        line,
      })),
      line,
    };
  }
  return { kind: 'literal', value: null, line };
}

function jsonErrorLine(text: string, e: Error): number | undefined {
  const pos = /position (\d+)/.exec(e.message);
  return pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
}

function syntaxError(file: string, why: string, line: number | undefined): Diagnostic {
  return diagnostic('STRATA_BAKE_SYNTAX', 'error', `${file} could not be parsed: ${why}`, {
    file,
    ...(line === undefined ? {} : { line }),
    hint: 'check the block at this line (`docker buildx bake --print` shows the same error)',
  });
}
