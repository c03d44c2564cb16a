import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { DF } from './codes.js';
import type { Source } from './source.js';

export interface Directives {
  escape: string;
  syntax?: string;
  /** Offset where the body starts (after the last directive line). */
  bodyStart: number;
  lines: number[];
}

const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const KNOWN = new Set(['syntax', 'escape', 'check']);

/**
 * Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file, BuildKit's way:
 * they stop at the first line that is not a known directive (a comment, a blank line, an
 * instruction, an unknown directive); later ones are plain comments.
 */
export function readDirectives(source: Source, file: string, diagnostics: Diagnostic[]): Directives {
  const text = source.text;
  const result: Directives = { escape: '\\', bodyStart: 0, lines: [] };
  const seen = new Set<string>();
  let pos = 0;
  while (pos < text.length) {
    const end = source.lineEnd(pos);
    const match = DIRECTIVE.exec(text.slice(pos, end));
    const name = match?.[1]?.toLowerCase();
    if (!match || name === undefined || !KNOWN.has(name)) break;
    const value = match[2] ?? '';
    const line = source.lineOf(pos);
    if (seen.has(name)) {
      diagnostics.push(
        diagnostic(DF.directive, 'error', `the ${name} directive is given twice`, { file, line }),
      );
    }
    seen.add(name);
    if (name === 'escape') {
      if (value === '\\' || value === '`') result.escape = value;
      else {
        diagnostics.push(
          diagnostic(DF.directive, 'error', `invalid escape character "${value}"`, {
            file,
            line,
            hint: 'the escape directive accepts \\ or `',
          }),
        );
      }
    } else if (name === 'syntax') {
      result.syntax = value;
    }
    result.lines.push(line);
    pos = end + 1;
    result.bodyStart = Math.min(pos, text.length);
  }
  return result;
}
