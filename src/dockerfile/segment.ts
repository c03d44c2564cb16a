import type { Diagnostic } from '../model/diagnostic.js';
import { type Directives, matchKnownDirective } from './directives.js';
import { astSegmenter } from './segment-ast.js';
import { buildkitSegmenter } from './segment-buildkit.js';
import type { Source } from './source.js';

/**
 * Splitting a Dockerfile into directives, comments and instructions.
 *
 * The `ast` path (segment-ast.ts) takes them from dockerfile-ast and is used for every file where
 * dockerfile-ast finds BuildKit's instruction boundaries. The `buildkit` path (segment-buildkit.ts)
 * reads the lines with BuildKit's own rules and is used only for a file holding a construct
 * dockerfile-ast splits wrongly, found by a quick scan of the text (`segmentGap`):
 * - `heredoc-strip-tabs`: a `<<-` heredoc on a line with another heredoc; dockerfile-ast strips
 *   tabs for every heredoc of the line, misses the closing line and reads the body as instructions;
 * - `heredoc-fd`: a heredoc with a file descriptor (`3<<EOF`), which dockerfile-ast does not see
 *   (any digit before `<<`, `$((1<<2))` included, to keep the scan simple);
 * - `heredoc-quoting`: a `<<` that is not a plain marker word (inside quotes, a partly quoted
 *   name; glued to a word, to be safe); dockerfile-ast ignores quotes when it looks for heredocs;
 * - `directive`: an `# escape=` line that dockerfile-ast applies and BuildKit does not: after an
 *   unknown directive (dockerfile-ast reads every `# name=value` line at the top as a directive,
 *   BuildKit stops at the first unknown one), or a second one (dockerfile-ast keeps the first).
 * The `ast` path also checks itself: dockerfile-ast's escape character and directive lines must fit
 * BuildKit's, and each instruction must end on the line where dockerfile-ast ends it; otherwise the
 * file goes to the `buildkit` path. Comment lines inside a continuation are no gap for the
 * segmentation: instruction text is always read by our logical-line reader, which skips them.
 * Both paths feed the same instruction builder, so they give identical results.
 */

export type SegmentPath = 'ast' | 'buildkit';

/** What the parser does with each part of the body, in file order. */
export interface SegmentVisitor {
  /** Builds the instruction whose keyword starts at `start`; returns the offset just past its last line. */
  instruction(start: number): number;
  /** A comment line, `#` at `start`, line end at `end`. */
  comment(start: number, end: number): void;
}

export interface Segmenter {
  path: SegmentPath;
  directives: Directives;
  /**
   * Visits the body in file order. False when the segmenter found, part way, that its segmentation
   * is not BuildKit's: what was visited is then to be dropped and the file read by the other path.
   */
  walk(visitor: SegmentVisitor): boolean;
}

export type SegmentGap = 'heredoc-strip-tabs' | 'heredoc-fd' | 'heredoc-quoting' | 'directive';

const STRIP_TABS_WITH_OTHER_HEREDOC = /<<-[^\n]*<<|<<[^\n]*<<-/;
const FD_HEREDOC = /\d<</;
/** A heredoc marker both parsers read alike: a word of its own, the name bare or wholly quoted. */
const PLAIN_HEREDOC = /^<<-?(?:[\w.-]+|"[\w.-]+"|'[\w.-]+')(?=[ \t]|$)/;
const COMMENT_LINE = /^[ \t]*#/;
const ESCAPE_LIKE = /^[ \t]*#[ \t]*escape[ \t]*=/i;

/** The first construct of `text` that dockerfile-ast splits wrongly, if any. */
export function segmentGap(text: string): SegmentGap | undefined {
  if (text.includes('<<')) {
    if (STRIP_TABS_WITH_OTHER_HEREDOC.test(text)) return 'heredoc-strip-tabs';
    if (FD_HEREDOC.test(text)) return 'heredoc-fd';
    if (quotingGap(text)) return 'heredoc-quoting';
  }
  return directiveGap(text) ? 'directive' : undefined;
}

/**
 * dockerfile-ast splits words without regard to quotes and reads a partly quoted name as written
 * (`"a <<EOF b"`, `<<"EOF`, `<<E"O"F`), where BuildKit reads no heredoc or another name.
 */
function quotingGap(text: string): boolean {
  let at = text.indexOf('<<');
  while (at !== -1) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const before = text.slice(lineStart, at);
    if (before.includes('"') || before.includes("'") || before.includes('`')) return true;
    const lineEnd = text.indexOf('\n', at);
    const previous = text.charCodeAt(at - 1);
    const ownWord = at === lineStart || previous === 32 || previous === 9;
    if (!ownWord || !PLAIN_HEREDOC.test(text.slice(at, lineEnd === -1 ? text.length : lineEnd))) return true;
    at = text.indexOf('<<', at + 2);
  }
  return false;
}

/**
 * An escape directive that dockerfile-ast applies and BuildKit does not: after a line BuildKit does
 * not take as a directive (dockerfile-ast reads any `# name=value` line at the top as one), or a
 * second one (dockerfile-ast keeps the first, BuildKit the last).
 */
function directiveGap(text: string): boolean {
  let taking = true;
  let escapes = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const line = text.slice(pos, end);
    if (!COMMENT_LINE.test(line)) return false;
    taking &&= matchKnownDirective(line) !== undefined;
    if (ESCAPE_LIKE.test(line) && (!taking || ++escapes > 1)) return true;
    pos = end + 1;
  }
  return false;
}

/** The path a text takes (`text` as held by Source: no BOM, `\n` line ends). */
function segmentPath(text: string): SegmentPath {
  return segmentGap(text) === undefined ? 'ast' : 'buildkit';
}

/**
 * The segmenter for a file: the `ast` path unless the text holds a gap construct. `force` picks a
 * path (tests compare the two). The `ast` path still falls back to `buildkit` when dockerfile-ast's
 * directives differ from BuildKit's or dockerfile-ast fails.
 */
export function segment(
  source: Source,
  file: string,
  diagnostics: Diagnostic[],
  force?: SegmentPath,
): Segmenter {
  const path = force ?? segmentPath(source.text);
  if (path === 'ast') {
    const ast = astSegmenter(source, file, diagnostics);
    if (ast) return ast;
  }
  return buildkitSegmenter(source, file, diagnostics);
}
