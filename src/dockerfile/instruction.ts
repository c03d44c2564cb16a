import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type { Flag, Instruction } from '../model/dockerfile.js';
import { DF } from './codes.js';
import { unquote } from './expand.js';
import { extractFlags } from './flags.js';
import { findHeredocMarkers, readHeredocBodies } from './heredoc.js';
import { endOffset, isSpace, type LogicalLine, readLogicalLine, startOffset } from './logicalLine.js';
import type { Source } from './source.js';
import { parseJsonStringArray, type RawWord, splitRawWords } from './words.js';

export interface BuildContext {
  source: Source;
  escape: string;
  file: string;
  diagnostics: Diagnostic[];
  /** Comment lines met inside continuations, as offsets [start, end). */
  comments: { start: number; end: number }[];
}

/** Instructions whose arguments may be a JSON array (exec form). */
const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);

/**
 * Builds the instruction that starts at `start` (its keyword), reading its continuation lines and
 * heredoc bodies. Returns it with the offset just past its last line.
 */
export function buildInstruction(
  ctx: BuildContext,
  start: number,
  stage: number,
): { instruction: Instruction; end: number } {
  const line = readLogicalLine(ctx.source, start, ctx.escape, ctx.comments);
  const { instruction, rawWords } = fromLogicalLine(ctx, line, 0, stage);
  const target = instruction.onbuild ?? instruction;
  const markers = findHeredocMarkers(
    target.keyword,
    target === instruction ? rawWords : rawTriggerWords(ctx, target),
  );
  let end = line.end;
  if (markers.length > 0) {
    const bodies = readHeredocBodies(ctx.source, markers, line.end);
    target.heredocs = bodies.heredocs;
    end = bodies.end;
    for (const delimiter of bodies.unterminated) {
      ctx.diagnostics.push(
        diagnostic(DF.unterminatedHeredoc, 'error', `heredoc <<${delimiter} is never closed`, {
          file: ctx.file,
          line: instruction.range.line,
          hint: `end the heredoc with a line that holds only ${delimiter}`,
        }),
      );
    }
  }
  finish(ctx, instruction, end);
  if (instruction.onbuild) finish(ctx, instruction.onbuild, end);
  return { instruction, end };
}

function finish(ctx: BuildContext, instruction: Instruction, end: number): void {
  const start = ctx.source.offsetAt(instruction.range.line - 1, instruction.range.column - 1);
  instruction.range = ctx.source.range(start, end);
  instruction.raw = ctx.source.text.slice(start, end);
}

function rawTriggerWords(ctx: BuildContext, trigger: Instruction): RawWord[] {
  return splitRawWords(trigger.args, ctx.escape);
}

function fromLogicalLine(
  ctx: BuildContext,
  line: LogicalLine,
  from: number,
  stage: number,
): { instruction: Instruction; rawWords: RawWord[] } {
  const text = line.text;
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const keywordStart = i;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  const keyword = text.slice(keywordStart, i).toUpperCase();
  const instruction: Instruction = {
    keyword,
    args: '',
    words: [],
    jsonForm: false,
    flags: [],
    heredocs: [],
    raw: '',
    range: ctx.source.range(startOffset(line, keywordStart), line.end),
    stage,
  };
  if (keyword === 'ONBUILD') {
    instruction.args = text.slice(i).trim();
    const rawWords = splitRawWords(text, ctx.escape, i);
    instruction.words = rawWords.map((w) => unquote(w.word, ctx.escape));
    if (instruction.args !== '') instruction.onbuild = fromLogicalLine(ctx, line, i, stage).instruction;
    return { instruction, rawWords };
  }
  const { flags, rest } = extractFlags(text, i);
  instruction.flags = flags.map(
    (f): Flag => ({
      name: f.name,
      value: f.value,
      range: ctx.source.range(startOffset(line, f.start), endOffset(line, f.end)),
    }),
  );
  const args = text.slice(rest).trim();
  instruction.args = args;
  const rawWords = splitRawWords(text, ctx.escape, rest);
  if (JSON_FORM.has(keyword) && args.startsWith('[')) {
    const json = parseJsonStringArray(args);
    if (json) {
      instruction.words = json;
      instruction.jsonForm = true;
      return { instruction, rawWords };
    }
    ctx.diagnostics.push(
      diagnostic(
        DF.invalidJson,
        keyword === 'SHELL' ? 'error' : 'warning',
        `${keyword} arguments look like JSON but are not valid JSON`,
        {
          file: ctx.file,
          line: instruction.range.line,
          hint: 'Docker then runs them as a shell command; write a JSON array of double-quoted strings',
        },
      ),
    );
  } else if (keyword === 'HEALTHCHECK') {
    const cmd = /^CMD\s+/i.exec(args);
    const json = cmd ? parseJsonStringArray(args.slice(cmd[0].length)) : undefined;
    if (json) {
      instruction.words = ['CMD', ...json];
      instruction.jsonForm = true;
      return { instruction, rawWords };
    }
  }
  instruction.words = rawWords.map((w) => unquote(w.word, ctx.escape));
  return { instruction, rawWords };
}
