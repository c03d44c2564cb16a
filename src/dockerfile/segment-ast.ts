import { DockerfileParser } from 'dockerfile-ast';
import type { Diagnostic } from '../model/diagnostic.js';
import { type Directives, readDirectives } from './directives.js';
import type { Segmenter } from './segment.js';
import type { Source } from './source.js';

/**
 * Segmentation by dockerfile-ast, the usual path (see segment.ts). dockerfile-ast gives the
 * directive lines, the comments and where each instruction starts; the instruction builder reads
 * each instruction from there and returns where it ends. A comment dockerfile-ast reports inside an
 * instruction already read (a comment line within a continuation) is skipped. Directive values are
 * read with BuildKit's rule (directives.ts): dockerfile-ast cuts a value at its first space.
 *
 * Returns undefined when dockerfile-ast fails or reads the directives otherwise than BuildKit (see
 * commentsAmongDirectives); `walk` returns false when an instruction does not end on the line where
 * dockerfile-ast ends it. The caller then uses the `buildkit` path.
 */
export function astSegmenter(source: Source, file: string, diagnostics: Diagnostic[]): Segmenter | undefined {
  let ast: ReturnType<typeof DockerfileParser.parse>;
  try {
    ast = DockerfileParser.parse(source.text);
  } catch {
    return undefined;
  }
  const offset = (p: { line: number; character: number }): number => source.offsetAt(p.line, p.character);
  const found: Diagnostic[] = [];
  const directives = readDirectives(source, file, found);
  const headerComments = commentsAmongDirectives(ast, source, directives);
  if (!headerComments) return undefined;
  diagnostics.push(...found);
  return {
    path: 'ast',
    directives,
    walk(visitor) {
      const instructions = ast.getInstructions();
      const comments = ast.getComments();
      let consumed = directives.bodyStart;
      for (const start of headerComments) visitor.comment(start, source.lineEnd(start));
      let c = 0;
      const commentsBefore = (limit: number): void => {
        for (; c < comments.length; c++) {
          const start = offset(comments[c]!.getRange().start);
          if (start >= limit) return;
          if (start >= consumed) visitor.comment(start, source.lineEnd(start));
        }
      };
      for (const instruction of instructions) {
        const range = instruction.getRange();
        const start = offset(range.start);
        commentsBefore(start);
        if (start < consumed) return false;
        const end = visitor.instruction(start);
        if (source.lineOf(end) !== range.end.line + 1 && !bothAtEnd(source, end, offset(range.end))) {
          return false;
        }
        consumed = end + 1;
      }
      commentsBefore(Infinity);
      return true;
    },
  };
}

/**
 * dockerfile-ast takes any `# name=value` line at the top as a directive; BuildKit stops at the first
 * line that is not a known directive, and reads the rest as comments. Directives are read BuildKit's
 * way; this gives the offsets of the lines dockerfile-ast took as directives that are comments for
 * BuildKit, or undefined when dockerfile-ast read the top otherwise than as whole comment lines or
 * with another escape character.
 */
function commentsAmongDirectives(
  ast: ReturnType<typeof DockerfileParser.parse>,
  source: Source,
  directives: Directives,
): number[] | undefined {
  if (ast.getEscapeCharacter() !== directives.escape) return undefined;
  const astDirectives = ast.getDirectives();
  const taken = directives.lines.length;
  if (astDirectives.length < taken) return undefined;
  const comments: number[] = [];
  for (let line = 0; line < astDirectives.length; line++) {
    const start = astDirectives[line]!.getRange().start;
    if (start.line !== line) return undefined;
    const at = source.offsetAt(line, start.character);
    if (source.text.charCodeAt(at) !== 35 /* # */) return undefined;
    if (line >= taken) comments.push(at);
  }
  return comments;
}

/** Both ends are past the last non-blank text (an unclosed heredoc: dockerfile-ast ends after the final newline). */
function bothAtEnd(source: Source, end: number, astEnd: number): boolean {
  const rest = (at: number): boolean => source.text.slice(at).trim() === '';
  return rest(end) && rest(astEnd);
}
