import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type { ArgDeclaration, Instruction, ParsedDockerfile, Stage } from '../model/dockerfile.js';
import { checkInstruction } from './checks.js';
import { DF } from './codes.js';
import { type BuildContext, buildInstruction } from './instruction.js';
import { parseArgPairs } from './keyValue.js';
import { type SegmentPath, segment } from './segment.js';
import { Source } from './source.js';

/** Larger than any real Dockerfile; such a file is reported, not parsed. */
export const MAX_DOCKERFILE_CHARS = 4 * 1024 * 1024;

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);

export interface ParseOptions {
  /** Forces a segmentation path (see segment.ts); tests use it to compare the two. */
  segmenter?: SegmentPath;
}

/**
 * Parses a Dockerfile. Never throws: problems in the text become diagnostics with line numbers.
 * `file` is used in the diagnostics and kept on the result.
 */
export function parseDockerfile(text: string, file: string, options: ParseOptions = {}): ParsedDockerfile {
  return parseDockerfileWithPath(text, file, options).parsed;
}

/** parseDockerfile, and the segmentation path the file took (none for a refused or failed file). */
export function parseDockerfileWithPath(
  text: string,
  file: string,
  options: ParseOptions = {},
): { parsed: ParsedDockerfile; path?: SegmentPath } {
  const result = emptyResult(file);
  const refused = refuse(text, file);
  if (refused) {
    result.diagnostics.push(refused);
    return { parsed: result };
  }
  try {
    const source = new Source(text);
    const path = parseInto(result, source, options.segmenter);
    if (path) return { parsed: result, path };
    const again = emptyResult(file);
    return { parsed: again, path: parseInto(again, source, 'buildkit') };
  } catch (error) {
    result.diagnostics.push(
      diagnostic(DF.internal, 'error', `could not parse this Dockerfile: ${(error as Error).message}`, {
        file,
        hint: 'please report this file to the strata project',
      }),
    );
  }
  return { parsed: result };
}

function emptyResult(file: string): ParsedDockerfile {
  return {
    file,
    escape: '\\',
    globalArgs: [],
    stages: [],
    instructions: [],
    comments: [],
    empty: true,
    diagnostics: [],
  };
}

function refuse(text: string, file: string): Diagnostic | undefined {
  if (text.length > MAX_DOCKERFILE_CHARS) {
    return diagnostic(
      DF.tooLarge,
      'error',
      `file is too large to be a Dockerfile (${text.length} characters)`,
      {
        file,
        hint: 'rename it, or exclude it from the scan',
      },
    );
  }
  if (text.slice(0, 8192).includes('\u0000')) {
    return diagnostic(DF.binary, 'error', 'file is binary, not a Dockerfile', {
      file,
      hint: 'rename it, or exclude it from the scan',
    });
  }
  return undefined;
}

/**
 * Parses into `result` and returns the path taken; undefined when the `ast` path found part way
 * that it cannot read this file (see segment.ts), `result` then being void.
 */
function parseInto(result: ParsedDockerfile, source: Source, path?: SegmentPath): SegmentPath | undefined {
  const { file, diagnostics } = result;
  const segmenter = segment(source, file, diagnostics, path);
  const { directives } = segmenter;
  result.escape = directives.escape;
  if (directives.syntax !== undefined) result.syntax = directives.syntax;
  if (directives.check !== undefined) result.check = directives.check;
  const ctx: BuildContext = { source, escape: directives.escape, file, diagnostics, comments: [] };
  const names = new Map<string, number>();
  const text = source.text;
  let stage: Stage | undefined;
  const held = segmenter.walk({
    comment(start, end) {
      ctx.comments.push({ start, end });
    },
    instruction(start) {
      const { instruction, end } = buildInstruction(ctx, start, stage ? stage.index : -1);
      if (instruction.keyword === '') return end;
      const previous = result.instructions.at(-1);
      result.instructions.push(instruction);
      checkInstruction(instruction, ctx, previous);
      if (instruction.keyword === 'FROM') {
        instruction.stage = result.stages.length;
        stage = newStage(instruction, result.stages.length, ctx, names);
        result.stages.push(stage);
        return end;
      }
      if (instruction.keyword === 'ARG') {
        const args = argDeclarations(instruction, ctx);
        if (!stage) {
          result.globalArgs.push(...args);
          return end;
        }
        stage.args.push(...args);
      }
      if (stage) {
        stage.instructions.push(instruction);
      } else {
        diagnostics.push(
          diagnostic(DF.beforeFrom, 'error', `${instruction.keyword} comes before the first FROM`, {
            file,
            line: instruction.range.line,
            hint: 'only ARG may come before FROM',
          }),
        );
      }
      return end;
    },
  });
  if (!held) return undefined;
  result.comments = ctx.comments
    .sort((a, b) => a.start - b.start)
    .map((c) => ({ line: source.lineOf(c.start), text: text.slice(c.start, c.end).trim() }));
  result.empty = result.instructions.length === 0;
  if (result.empty) {
    diagnostics.push(
      diagnostic(DF.empty, 'warning', 'Dockerfile has no instructions', {
        file,
        hint: 'add a FROM line, or remove the file',
      }),
    );
  } else if (result.stages.length === 0) {
    diagnostics.push(
      diagnostic(DF.noFrom, 'error', 'Dockerfile has no FROM instruction', {
        file,
        line: result.instructions[0]?.range.line,
        hint: 'a build stage starts with FROM <image>',
      }),
    );
  }
  return segmenter.path;
}

function newStage(from: Instruction, index: number, ctx: BuildContext, names: Map<string, number>): Stage {
  const stage: Stage = { index, from: '', fromInstruction: from, instructions: [], args: [] };
  const platform = from.flags.find((f) => f.name === 'platform');
  if (platform && platform.value !== true) stage.platform = platform.value;
  const words = from.words;
  const line = from.range.line;
  stage.from = fromExpression(from, ctx) ?? '';
  if (words.length === 2 || words.length > 3 || (words.length === 3 && words[1]?.toUpperCase() !== 'AS')) {
    ctx.diagnostics.push(
      diagnostic(DF.fromSyntax, 'error', `FROM must be "FROM <image> [AS <name>]", not "FROM ${from.args}"`, {
        file: ctx.file,
        line,
      }),
    );
  }
  const rawName = words.length === 3 ? words[2] : undefined;
  if (rawName !== undefined) {
    const name = rawName.toLowerCase();
    stage.name = name;
    if (!STAGE_NAME.test(name)) {
      ctx.diagnostics.push(
        diagnostic(DF.stageName, 'error', `invalid stage name "${rawName}"`, {
          file: ctx.file,
          line,
          hint: 'a stage name starts with a letter and holds letters, digits, "-", "_" and "."',
        }),
      );
    }
    if (RESERVED_STAGE_NAMES.has(name)) {
      ctx.diagnostics.push(
        diagnostic(DF.reservedStageName, 'error', `"${name}" is reserved and cannot name a stage`, {
          file: ctx.file,
          line,
          hint: 'pick another name, such as builder',
        }),
      );
    }
    const previous = names.get(name);
    if (previous !== undefined) {
      ctx.diagnostics.push(
        diagnostic(
          DF.duplicateStage,
          'error',
          `stage name "${name}" is used twice (stages ${previous} and ${index})`,
          {
            file: ctx.file,
            line,
            hint: 'give each stage its own name',
          },
        ),
      );
    } else {
      names.set(name, index);
    }
  }
  return stage;
}

/** The image word of FROM as written (quotes kept, variables unexpanded). */
function fromExpression(from: Instruction, ctx: BuildContext): string | undefined {
  const match = /^\S+/.exec(from.args);
  if (!match) return undefined;
  const word = match[0];
  return word.includes('"') || word.includes("'") || word.includes(ctx.escape)
    ? (from.words[0] ?? word)
    : word;
}

function argDeclarations(instruction: Instruction, ctx: BuildContext): ArgDeclaration[] {
  const { pairs, error } = parseArgPairs(instruction.args, ctx.escape);
  if (error) {
    ctx.diagnostics.push(
      diagnostic(DF.keyValueSyntax, 'error', error, { file: ctx.file, line: instruction.range.line }),
    );
  }
  const multiLine = instruction.range.endLine > instruction.range.line;
  let searchFrom = instruction.keyword.length;
  return pairs.map((p) => {
    let line = instruction.range.line;
    if (multiLine) {
      const at = instruction.raw.indexOf(p.name, searchFrom);
      if (at !== -1) {
        searchFrom = at + p.name.length;
        for (let i = 0; i < at; i++) if (instruction.raw.charCodeAt(i) === 10) line++;
      }
    }
    const decl: ArgDeclaration = { name: p.name, line };
    if (p.value !== undefined) decl.value = p.value;
    return decl;
  });
}
