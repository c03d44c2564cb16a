import type { Range } from '../model/dockerfile.js';

/**
 * The Dockerfile text with a BOM removed and every line ending turned into `\n`, plus a line index.
 * Line numbers do not change (`\r\n` and a lone `\r` each end one line, as in editors).
 */
export class Source {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(input: string) {
    let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    this.text = text;
    const starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.lineStarts = starts;
  }

  /** 1-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Offset of a 0-based line and column. */
  offsetAt(line0: number, character: number): number {
    const start = this.lineStarts[line0];
    if (start === undefined) return this.text.length;
    return Math.min(start + character, this.text.length);
  }

  /** 1-based range for the offsets [start, end). */
  range(start: number, end: number): Range {
    const line = this.lineOf(start);
    const endLine = end <= start ? line : this.lineOf(end);
    return {
      line,
      column: start - this.lineStarts[line - 1]! + 1,
      endLine,
      endColumn: end - this.lineStarts[endLine - 1]! + 1,
    };
  }

  /** Offset just past the end of the line holding `offset` (the `\n`, or the text's end). */
  lineEnd(offset: number): number {
    const at = this.text.indexOf('\n', offset);
    return at === -1 ? this.text.length : at;
  }
}
