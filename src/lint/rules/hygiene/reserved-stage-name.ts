import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3063 / BuildKit ReservedStageName: `scratch` and `context` are reserved, not stage names. */
export const rule: InstructionRule = {
  meta: {
    id: 'reserved-stage-name',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3063',
    buildkit: 'ReservedStageName',
    description: 'Stage names must not be reserved words (scratch, context)',
    supersedes: ['STRATA_DF_RESERVED_STAGE_NAME'],
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const as = ins.words.findIndex((w) => w.toLowerCase() === 'as');
    const name = as >= 0 ? ins.words[as + 1]?.toLowerCase() : undefined;
    if (name !== 'scratch' && name !== 'context') return [];
    return [
      findingAt(
        file,
        ins,
        `Stage name should not use the same name as reserved stage "${name}"`,
        'rename the stage',
      ),
    ];
  },
};
