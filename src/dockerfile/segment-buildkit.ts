import type { Diagnostic } from '../model/diagnostic.js';
import { readDirectives } from './directives.js';
import { isSpace } from './logicalLine.js';
import type { Segmenter } from './segment.js';
import type { Source } from './source.js';

/**
 * Segmentation by BuildKit's line rules, for the files dockerfile-ast splits wrongly (see
 * segment.ts): after the directives, a blank line is skipped, a line whose first non-blank
 * character is `#` is a comment, any other line starts an instruction, which runs to the offset
 * the instruction builder returns (continuations and heredoc bodies included).
 */
export function buildkitSegmenter(source: Source, file: string, diagnostics: Diagnostic[]): Segmenter {
  const directives = readDirectives(source, file, diagnostics);
  return {
    path: 'buildkit',
    directives,
    walk(visitor) {
      const text = source.text;
      let pos = directives.bodyStart;
      while (pos < text.length) {
        const lineEnd = source.lineEnd(pos);
        let first = pos;
        while (first < lineEnd && isSpace(text.charCodeAt(first))) first++;
        if (first === lineEnd) {
          pos = lineEnd + 1;
        } else if (text.charCodeAt(first) === 35 /* # */) {
          visitor.comment(first, lineEnd);
          pos = lineEnd + 1;
        } else {
          pos = visitor.instruction(first) + 1;
        }
      }
      return true;
    },
  };
}
