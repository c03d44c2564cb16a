import type { Heredoc } from '../model/dockerfile.js';
import type { Source } from './source.js';
import type { RawWord } from './words.js';

/** A `<<EOF` marker on an instruction line, before its body is read. */
export interface HeredocMarker {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const MARKER = /^\d*<<(-?)([^<]+)$/;

/** Heredoc markers among an instruction's words (BuildKit accepts them on RUN, COPY and ADD). */
export function findHeredocMarkers(keyword: string, words: RawWord[]): HeredocMarker[] {
  if (!HEREDOC_KEYWORDS.has(keyword)) return [];
  const out: HeredocMarker[] = [];
  for (const { word } of words) {
    if (!word.includes('<<')) continue;
    const match = MARKER.exec(word);
    if (!match) continue;
    let name = match[2]!;
    let quoted = false;
    const first = name[0];
    if ((first === '"' || first === "'") && name.length >= 2 && name.endsWith(first)) {
      name = name.slice(1, -1);
      quoted = true;
    } else if (name.includes('"') || name.includes("'")) {
      name = name.replace(/["']/g, '');
      quoted = true;
    }
    if (name === '') continue;
    out.push({ delimiter: name, stripTabs: match[1] === '-', quoted });
  }
  return out;
}

export interface HeredocBodies {
  heredocs: Heredoc[];
  /** Offset just past the last closing delimiter line (before its newline). */
  end: number;
  /** Delimiters that reached the end of the file without a closing line. */
  unterminated: string[];
}

/**
 * Reads heredoc bodies, one after another, from the line after `lineEnd` (the end of the
 * instruction's logical line). Each marker's own `-` decides whether its tabs are stripped.
 */
export function readHeredocBodies(source: Source, markers: HeredocMarker[], lineEnd: number): HeredocBodies {
  const src = source.text;
  const heredocs: Heredoc[] = [];
  const unterminated: string[] = [];
  let end = lineEnd;
  let pos = lineEnd + 1;
  for (const marker of markers) {
    const lines: string[] = [];
    const startLine = source.lineOf(Math.min(pos, src.length));
    let closed = false;
    while (pos < src.length && pos > end) {
      const eol = source.lineEnd(pos);
      let line = src.slice(pos, eol);
      if (marker.stripTabs) line = line.replace(/^\t+/, '');
      end = eol;
      pos = eol + 1;
      if (line === marker.delimiter) {
        closed = true;
        break;
      }
      lines.push(line);
      if (eol >= src.length) break;
    }
    if (!closed) unterminated.push(marker.delimiter);
    heredocs.push({
      delimiter: marker.delimiter,
      stripTabs: marker.stripTabs,
      quoted: marker.quoted,
      body: lines.length ? lines.join('\n') + '\n' : '',
      startLine,
      endLine: source.lineOf(end),
    });
  }
  return { heredocs, end, unterminated };
}
