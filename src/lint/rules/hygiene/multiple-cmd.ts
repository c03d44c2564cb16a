import type { Finding, StageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL4003 / BuildKit MultipleInstructionsDisallowed: only the last CMD of a stage counts; the ones before it
 * are dead code. Reported on each CMD that a later one replaces (BuildKit's lines).
 */
export const rule: StageRule = {
  meta: {
    id: 'multiple-cmd',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL4003',
    buildkit: 'MultipleInstructionsDisallowed',
    description: 'One CMD per stage: only the last one counts',
  },
  scope: 'stage',
  check(stage, file) {
    const all = stage.instructions.filter((i) => i.keyword === 'CMD');
    const out: Finding[] = [];
    for (const ins of all.slice(0, -1)) {
      out.push(
        findingAt(
          file,
          ins,
          'Multiple CMD instructions should not be used in the same stage because only the last one will be used',
          'keep only the last CMD of the stage',
        ),
      );
    }
    return out;
  },
};
