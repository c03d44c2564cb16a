import { diagnostic } from '../model/diagnostic.js';
import type { Instruction } from '../model/dockerfile.js';
import { DF } from './codes.js';
import { KNOWN_FLAGS } from './flags.js';
import type { BuildContext } from './instruction.js';
import { parseNameValuePairs } from './keyValue.js';

/** Instructions BuildKit knows. */
const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

const NOT_A_TRIGGER = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/**
 * `RUN python - << 'EOF'`: a space between `<<` and the word. BuildKit's parser splits the line into
 * words and takes only a word matching `^(\d*)<<(-?)([^<]*)$` with a non-empty rest as a heredoc
 * (moby/buildkit frontend/dockerfile/parser/parser.go, heredocsFromLine), so `<<` alone opens none and
 * the lines after it are instructions.
 */
const SPACED_HEREDOC = /(?:^|\s)\d*<<-?\s+['"]?([A-Za-z_]\w*)['"]?/;

/**
 * Syntax checks of one instruction (and its ONBUILD trigger); problems go to `ctx.diagnostics`.
 * `previous` is the instruction before it, to explain lines that follow a spaced `<< EOF`.
 */
export function checkInstruction(instruction: Instruction, ctx: BuildContext, previous?: Instruction): void {
  const line = instruction.range.line;
  const report = (code: string, message: string, hint?: string) =>
    ctx.diagnostics.push(
      diagnostic(code, 'error', message, hint ? { file: ctx.file, line, hint } : { file: ctx.file, line }),
    );
  const { keyword } = instruction;
  if (!KEYWORDS.has(keyword)) {
    const spaced =
      previous && ['RUN', 'COPY', 'ADD'].includes(previous.keyword) && previous.heredocs.length === 0
        ? SPACED_HEREDOC.exec(previous.args)
        : null;
    report(
      DF.unknownInstruction,
      `unknown instruction ${keyword}`,
      spaced
        ? `line ${previous!.range.line} writes \`<< ${spaced[1]}\` with a space: BuildKit opens no heredoc there and reads the lines after it as instructions; write \`<<${spaced[1]}\``
        : hintForUnknown(keyword),
    );
    return;
  }
  if (instruction.args === '' && instruction.heredocs.length === 0) {
    report(DF.missingArguments, `${keyword} has no arguments`);
    return;
  }
  const allowed = KNOWN_FLAGS[keyword] ?? [];
  for (const flag of instruction.flags) {
    if (!allowed.includes(flag.name)) {
      report(
        DF.unknownFlag,
        `${keyword} has no flag --${flag.name}`,
        allowed.length ? `${keyword} accepts ${allowed.map((f) => '--' + f).join(', ')}` : undefined,
      );
    }
  }
  if (keyword === 'SHELL' && !instruction.jsonForm && !instruction.args.startsWith('[')) {
    report(DF.shellNotJson, 'SHELL needs its arguments in JSON form', 'write SHELL ["/bin/bash", "-c"]');
  }
  if (keyword === 'ENV' || keyword === 'LABEL') {
    const { error } = parseNameValuePairs(instruction.args, ctx.escape, keyword);
    if (error) report(DF.keyValueSyntax, error);
  }
  if (keyword === 'ONBUILD') {
    const trigger = instruction.onbuild;
    if (!trigger) return;
    if (NOT_A_TRIGGER.has(trigger.keyword)) {
      report(DF.onbuildTrigger, `ONBUILD ${trigger.keyword} is not allowed`);
      return;
    }
    checkInstruction(trigger, ctx);
  }
}

function hintForUnknown(keyword: string): string | undefined {
  for (const known of KEYWORDS) {
    if (distanceAtMostOne(keyword, known)) return `did you mean ${known}?`;
  }
  return undefined;
}

function distanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
