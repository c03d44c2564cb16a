import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';

/** A parsed YAML file that can say on which line a value sits. */
export interface YamlSource {
  value: unknown;
  /** 1-based line of the node at `path` (keys and indexes), or of its nearest parent that exists. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** Deepest nesting of flow collections (`[`, `{`) or block indentation (in steps of 2) strata reads. */
export const MAX_YAML_DEPTH = 64;

/**
 * The line where `text` first nests deeper than `max` (flow brackets outside quotes, or indentation of
 * more than 2 * max columns), or undefined. One pass, no parsing: a hostile file is refused before the
 * YAML parser sees it.
 */
export function nestingBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  let line = 1;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      lineStart = true;
      indent = 0;
      if (quote === "'") quote = undefined;
      continue;
    }
    if (lineStart) {
      if (ch === ' ') {
        if (++indent > 2 * max) return line;
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') {
      if (++depth > max) return line;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/**
 * Parses YAML (merge keys `<<` on) without throwing: a syntax error is one diagnostic with its line,
 * and the result is undefined.
 */
export function parseYamlSource(
  text: string,
  file: string,
  code: string,
): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const deep = nestingBeyond(text, MAX_YAML_DEPTH);
  if (deep !== undefined) {
    return {
      diagnostics: [
        diagnostic(
          code,
          'error',
          `${file} nests more than ${MAX_YAML_DEPTH} levels deep; strata does not read it`,
          { file, line: deep, hint: 'a compose or config file never needs this depth: is it generated?' },
        ),
      ],
    };
  }
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: false });
  } catch (e) {
    return {
      diagnostics: [
        diagnostic(code, 'error', `${file} is not valid YAML: ${(e as Error).message}`, { file }),
      ],
    };
  }
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const message = first.message.split('\n')[0] ?? first.message;
    return {
      diagnostics: [
        diagnostic(
          code,
          'error',
          `${file} is not valid YAML: ${message.replace(/ at line \d+, column \d+:?$/, '')}`,
          {
            file,
            line: pos?.line,
            column: pos?.col,
            hint: 'fix the YAML syntax; nothing else in this file was read',
          },
        ),
      ],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return {
      diagnostics: [
        diagnostic(code, 'error', `${file} could not be read: ${(e as Error).message}`, { file }),
      ],
    };
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 1; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
      const line = childLine(parent, path[n - 1]!, lines);
      if (line !== undefined) return line;
    }
    return undefined;
  };
  return { source: { value, lineOf }, diagnostics: [] };
}

function childLine(parent: unknown, key: string | number, lines: LineCounter): number | undefined {
  if (isSeq(parent) && typeof key === 'number') {
    const item = parent.items[key];
    return isNode(item) && item.range ? lines.linePos(item.range[0]).line : undefined;
  }
  if (isMap(parent)) {
    for (const pair of parent.items) {
      const k = pair.key;
      if (isScalar(k) && k.range && String(k.value) === String(key)) return lines.linePos(k.range[0]).line;
    }
  }
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
