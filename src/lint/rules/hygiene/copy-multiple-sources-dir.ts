import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3021: with several sources, the destination of COPY must be a folder, written with a trailing `/`. */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-multiple-sources-dir',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3021',
    description: 'COPY with more than one source needs a destination ending in /',
  },
  scope: 'instruction',
  keywords: ['COPY'],
  check(ins, _stage, file) {
    if (ins.heredocs.length > 0 || ins.words.length < 3) return [];
    const dest = ins.words[ins.words.length - 1] ?? '';
    if (dest.endsWith('/') || dest.endsWith('\\') || dest.startsWith('$')) return [];
    return [
      findingAt(
        file,
        ins,
        `COPY of ${ins.words.length - 1} sources into ${dest}, which does not end in /`,
        `write the folder as ${dest}/`,
      ),
    ];
  },
};
