import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * BuildKit NoEmptyContinuation: an empty line inside a `\` continuation ends nothing today but will be an
 * error in a future release. Reported on the last line of the instruction, as BuildKit does.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'empty-continuation',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'NoEmptyContinuation',
    description: 'No empty lines inside a continued instruction',
  },
  scope: 'instruction',
  keywords: [
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
  ],
  check(ins, _stage, file) {
    if (ins.heredocs.length > 0) return [];
    const lines = ins.raw.split('\n').slice(1, -1);
    if (!lines.some((l) => l.trim() === '')) return [];
    const end = ins.range.endLine;
    return [
      findingAt(
        file,
        { line: end, column: 1, endLine: end, endColumn: 1 },
        'Empty continuation line',
        'remove the empty line, or end the instruction before it',
      ),
    ];
  },
};
