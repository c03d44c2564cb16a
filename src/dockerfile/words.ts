import { isSpace } from './logicalLine.js';

/** A whitespace-separated word of an instruction, as written, with its [start, end) index in the text. */
export interface RawWord {
  word: string;
  start: number;
  end: number;
}

/**
 * Splits on whitespace outside quotes, as BuildKit's word parser does: quotes and escapes stay in
 * the words (`unquote` removes them).
 */
export function splitRawWords(text: string, escapeChar: string, from = 0): RawWord[] {
  const out: RawWord[] = [];
  const n = text.length;
  let i = from;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let quote = '';
    while (i < n) {
      const ch = text[i]!;
      if (quote === '') {
        if (isSpace(text.charCodeAt(i))) break;
        if (ch === escapeChar) {
          i += 2;
          continue;
        }
        if (ch === '"' || ch === "'") quote = ch;
      } else if (ch === quote) {
        quote = '';
      } else if (ch === escapeChar && quote === '"') {
        i += 2;
        continue;
      }
      i++;
    }
    if (i > n) i = n;
    out.push({ word: text.slice(start, i), start, end: i });
  }
  return out;
}

/** Parses an exec-form JSON array of strings; undefined when the text is not one. */
export function parseJsonStringArray(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  for (const item of parsed) if (typeof item !== 'string') return undefined;
  return parsed as string[];
}
