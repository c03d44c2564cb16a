import type { Finding, StageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3012 / BuildKit MultipleInstructionsDisallowed: only the last HEALTHCHECK of a stage counts; the ones before it
 * are dead code. Reported on each HEALTHCHECK that a later one replaces (BuildKit's lines).
 */
export const rule: StageRule = {
  meta: {
    id: 'multiple-healthcheck',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3012',
    buildkit: 'MultipleInstructionsDisallowed',
    description: 'One HEALTHCHECK per stage: only the last one counts',
  },
  scope: 'stage',
  check(stage, file) {
    const all = stage.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    const out: Finding[] = [];
    for (const ins of all.slice(0, -1)) {
      out.push(
        findingAt(
          file,
          ins,
          'Multiple HEALTHCHECK instructions should not be used in the same stage because only the last one will be used',
          'keep only the last HEALTHCHECK of the stage',
        ),
      );
    }
    return out;
  },
};
