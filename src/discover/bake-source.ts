import { createRequire } from 'node:module';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { readHcl } from './hcl/read.js';
import { isRecord } from './yaml-source.js';

/** A bake file reduced to plain data, the same for HCL and JSON. */
export interface BakeSource {
  variables: Record<string, unknown>;
  groups: Record<string, string[]>;
  targets: Record<string, Record<string, unknown>>;
  /** 1-based line where a target (or group) block starts, when it can be found. */
  lineOf(kind: 'target' | 'group', name: string): number | undefined;
}

/**
 * HCL as hcl2-parser's `[value, error]`. The subset bake files use is read by the fast reader; the rest
 * goes to hcl2-parser, which is large (half a second to load): loaded on the first such file only.
 */
let hclParser: ((text: string) => unknown) | undefined;
function hclParse(text: string): unknown {
  const fast = readHcl(text);
  if (fast) return [fast, null];
  if (!hclParser) {
    const mod = createRequire(import.meta.url)('hcl2-parser') as { parseToObject: (text: string) => unknown };
    hclParser = mod.parseToObject;
  }
  return hclParser(text);
}

const BLOCK_KINDS = new Set(['variable', 'group', 'target', 'function']);

/** Parses docker-bake.hcl or .json without throwing: bad syntax is one diagnostic with a line when known. */
export function readBakeSource(
  text: string,
  file: string,
): { source?: BakeSource; diagnostics: Diagnostic[] } {
  const isJson = file.endsWith('.json');
  const parsed = isJson ? parseJson(text, file) : parseHcl(text, file);
  if ('diagnostic' in parsed) return { diagnostics: [parsed.diagnostic] };
  const top = parsed.value;
  const variables: Record<string, unknown> = {};
  const groups: Record<string, string[]> = {};
  const targets: Record<string, Record<string, unknown>> = {};
  for (const [name, block] of Object.entries(top.variable ?? {})) {
    const body = firstBody(block);
    variables[name] = body && 'default' in body ? body.default : '';
  }
  // Top-level attributes act as variables too (`TAG = "latest"`).
  for (const [name, value] of Object.entries(top)) {
    if (!BLOCK_KINDS.has(name) && (typeof value !== 'object' || value === null)) variables[name] = value;
  }
  for (const [name, block] of Object.entries(top.group ?? {})) {
    const body = firstBody(block);
    const list = body?.targets;
    groups[name] = Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  }
  for (const [name, block] of Object.entries(top.target ?? {})) {
    targets[name] = firstBody(block) ?? {};
  }
  const lines = text.split('\n');
  const lineOf = (kind: 'target' | 'group', name: string): number | undefined => {
    const quoted = JSON.stringify(name);
    const esc = quoted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = isJson ? new RegExp(`${esc}\\s*:\\s*\\{`) : new RegExp(`^\\s*${kind}\\s+${esc}\\s*\\{`);
    let inKind = !isJson;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (isJson && line.includes(`"${kind}"`)) inKind = true;
      if (inKind && re.test(line)) return i + 1;
    }
    return undefined;
  };
  return { source: { variables, groups, targets, lineOf }, diagnostics: [] };
}

type TopLevel = Record<string, unknown> & {
  variable?: Record<string, unknown>;
  group?: Record<string, unknown>;
  target?: Record<string, unknown>;
};

/** HCL gives each block as a list of bodies; JSON as one body. */
function firstBody(block: unknown): Record<string, unknown> | undefined {
  const b = Array.isArray(block) ? block[0] : block;
  return isRecord(b) ? b : undefined;
}

function parseJson(text: string, file: string): { value: TopLevel } | { diagnostic: Diagnostic } {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return { diagnostic: syntaxError(file, 'its top level is not an object', 1) };
    return { value: value as TopLevel };
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    return { diagnostic: syntaxError(file, message, line) };
  }
}

function parseHcl(text: string, file: string): { value: TopLevel } | { diagnostic: Diagnostic } {
  const attempt = tryHcl(text);
  if (attempt) return { value: attempt };
  return { diagnostic: syntaxError(file, 'it is not valid HCL', firstBadBlockLine(text)) };
}

function tryHcl(text: string): TopLevel | undefined {
  try {
    const [value, error] = hclParse(text) as [unknown, unknown];
    if (error !== null && error !== undefined) return undefined;
    return isRecord(value) ? (value as TopLevel) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The parser loses its error position, so the file is cut into top-level blocks and each is parsed
 * alone: the first that fails is where the error is.
 */
function firstBadBlockLine(text: string): number | undefined {
  const lines = text.split('\n');
  let depth = 0;
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const code = stripStringsAndComments(lines[i]!);
    if (depth === 0 && start < 0 && code.trim() !== '') start = i;
    for (const ch of code) {
      if (ch === '{' || ch === '[' || ch === '(') depth++;
      else if (ch === '}' || ch === ']' || ch === ')') depth--;
    }
    if (depth < 0) return i + 1;
    if (depth === 0 && start >= 0) {
      if (!tryHcl(lines.slice(start, i + 1).join('\n'))) return start + 1;
      start = -1;
    }
  }
  return start >= 0 ? start + 1 : undefined;
}

function stripStringsAndComments(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/(?:#|\/\/).*$/, '')
    .replace(/\/\*.*?\*\//g, '');
}

function syntaxError(file: string, why: string, line: number | undefined): Diagnostic {
  return diagnostic('STRATA_BAKE_SYNTAX', 'error', `${file} could not be parsed: ${why}`, {
    file,
    ...(line === undefined ? {} : { line }),
    hint: 'check the block at this line (`docker buildx bake --print` shows the same error)',
  });
}
