import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { DF } from './codes.js';
import type { Source } from './source.js';

export interface Directives {
  escape: string;
  syntax?: string;
  /** Value of `# check=` (BuildKit's lint options), as written. */
  check?: string;
  /** Offset where the body starts (after the last directive line). */
  bodyStart: number;
  lines: number[];
}

const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/;
const KNOWN = new Set(['syntax', 'escape', 'check']);

/** A directive line BuildKit accepts at the top of a file: `# name=value` with a known name. */
export function matchKnownDirective(line: string): { name: string; value: string } | undefined {
  const match = DIRECTIVE.exec(line);
  const name = match?.[1]?.toLowerCase();
  if (!match || name === undefined || !KNOWN.has(name)) return undefined;
  return { name, value: match[2] ?? '' };
}

/**
 * Reads parser directives from their lines, one after another. `lines` yields each candidate line
 * with its offset and stops when the caller's reader has no more directive lines; reading also
 * stops at the first line that is not a known directive.
 */
export class DirectiveReader {
  readonly result: Directives = { escape: '\\', bodyStart: 0, lines: [] };
  private readonly seen = new Set<string>();

  constructor(
    private readonly source: Source,
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Takes the line starting at `pos` as a directive; false when it is not one. */
  take(pos: number): boolean {
    const { source, file, diagnostics, result } = this;
    const end = source.lineEnd(pos);
    const match = matchKnownDirective(source.text.slice(pos, end));
    if (!match) return false;
    const { name, value } = match;
    const line = source.lineOf(pos);
    if (this.seen.has(name)) {
      diagnostics.push(
        diagnostic(DF.directive, 'error', `the ${name} directive is given twice`, { file, line }),
      );
    }
    this.seen.add(name);
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
    } else if (name === 'check') {
      result.check = value;
    }
    result.lines.push(line);
    result.bodyStart = Math.min(end + 1, source.text.length);
    return true;
  }
}

/**
 * Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file, BuildKit's way:
 * they stop at the first line that is not a known directive (a comment, a blank line, an
 * instruction, an unknown directive); later ones are plain comments.
 */
export function readDirectives(source: Source, file: string, diagnostics: Diagnostic[]): Directives {
  const reader = new DirectiveReader(source, file, diagnostics);
  let pos = 0;
  while (pos < source.text.length && reader.take(pos)) pos = reader.result.bodyStart;
  return reader.result;
}
