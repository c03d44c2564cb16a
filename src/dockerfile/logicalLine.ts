import type { Source } from './source.js';

/**
 * One instruction's text with line continuations joined the way BuildKit joins them: the escapeChar
 * character and the whitespace after it are removed, comment lines and blank lines inside a
 * continuation are skipped. `map[i]` is the source offset of `text[i]`.
 */
export interface LogicalLine {
  text: string;
  map: number[];
  /** Offset just past the last character of the logical line (before its newline). */
  end: number;
}

export function readLogicalLine(
  source: Source,
  start: number,
  escapeChar: string,
  comments?: { start: number; end: number }[],
): LogicalLine {
  const src = source.text;
  let text = '';
  const map: number[] = [];
  let pos = start;
  let end = start;
  let first = true;
  for (;;) {
    const lineEnd = source.lineEnd(pos);
    if (!first && isSkippedInContinuation(src, pos, lineEnd)) {
      const hash = src.indexOf('#', pos);
      if (comments && hash !== -1 && hash < lineEnd) comments.push({ start: hash, end: lineEnd });
      end = lineEnd;
      if (lineEnd >= src.length) break;
      pos = lineEnd + 1;
      continue;
    }
    first = false;
    let contentEnd = lineEnd;
    while (contentEnd > pos && isBlank(src.charCodeAt(contentEnd - 1))) contentEnd--;
    const continued = contentEnd > pos && src[contentEnd - 1] === escapeChar;
    const pieceEnd = continued ? contentEnd - 1 : lineEnd;
    text += src.slice(pos, pieceEnd);
    for (let i = pos; i < pieceEnd; i++) map.push(i);
    end = lineEnd;
    if (!continued || lineEnd >= src.length) break;
    pos = lineEnd + 1;
  }
  return { text, map, end };
}

/** Source offset just past `text[index - 1]`: the exclusive end of a token ending at `index`. */
export function endOffset(line: LogicalLine, index: number): number {
  if (index <= 0) return line.map[0] ?? line.end;
  const prev = line.map[index - 1];
  return prev === undefined ? line.end : prev + 1;
}

export function startOffset(line: LogicalLine, index: number): number {
  return line.map[index] ?? line.end;
}

function isSkippedInContinuation(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (isBlank(c)) continue;
    return c === 35; /* # */
  }
  return true;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

export function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
}
