import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** BuildKit StageNameCasing: stage names are lower-cased by BuildKit; write them that way. */
export const rule: InstructionRule = {
  meta: {
    id: 'stage-name-casing',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'StageNameCasing',
    description: 'Stage names should be lowercase',
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const as = ins.words.findIndex((w) => w.toLowerCase() === 'as');
    const name = as >= 0 ? ins.words[as + 1] : undefined;
    if (!name || name === name.toLowerCase()) return [];
    return [
      findingAt(file, ins, `Stage name '${name}' should be lowercase`, `write AS ${name.toLowerCase()}`),
    ];
  },
};
