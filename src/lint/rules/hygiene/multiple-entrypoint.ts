import type { Finding, StageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL4004 / BuildKit MultipleInstructionsDisallowed: only the last ENTRYPOINT of a stage counts; the ones before it
 * are dead code. Reported on each ENTRYPOINT that a later one replaces (BuildKit's lines).
 */
export const rule: StageRule = {
  meta: {
    id: 'multiple-entrypoint',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL4004',
    buildkit: 'MultipleInstructionsDisallowed',
    description: 'One ENTRYPOINT per stage: only the last one counts',
  },
  scope: 'stage',
  check(stage, file) {
    const all = stage.instructions.filter((i) => i.keyword === 'ENTRYPOINT');
    const out: Finding[] = [];
    for (const ins of all.slice(0, -1)) {
      out.push(
        findingAt(
          file,
          ins,
          'Multiple ENTRYPOINT instructions should not be used in the same stage because only the last one will be used',
          'keep only the last ENTRYPOINT of the stage',
        ),
      );
    }
    return out;
  },
};
