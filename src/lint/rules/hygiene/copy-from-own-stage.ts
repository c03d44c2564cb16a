import { mounts } from '../../../dockerfile/index.js';
import type { Finding, StageRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/**
 * DL3023: `COPY --from=` (or `RUN --mount=from=`) naming the stage it is in: the stage does not exist
 * yet while it is being built.
 */
export const rule: StageRule = {
  meta: {
    id: 'copy-from-own-stage',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3023',
    description: 'COPY --from cannot name the stage it is in',
    supersedes: ['STRATA_DF_SELF_REFERENCE'],
  },
  scope: 'stage',
  check(stage, file) {
    const out: Finding[] = [];
    const own = (word: string) =>
      (stage.name !== undefined && word === stage.name) || word === String(stage.index);
    for (const ins of stage.instructions) {
      const from = flagValue(ins, 'from');
      if (
        (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
        typeof from === 'string' &&
        own(from.toLowerCase())
      ) {
        out.push(
          findingAt(
            file,
            ins,
            `${ins.keyword} --from=${from} names the stage it is in`,
            'copy from an earlier stage, or use a plain COPY from the context',
          ),
        );
      }
      if (ins.keyword !== 'RUN') continue;
      const mount = mounts(ins).find((m) => m.from !== undefined && own(m.from.toLowerCase()));
      if (mount) {
        out.push(
          findingAt(
            file,
            ins,
            `RUN --mount from=${mount.from} names the stage it is in`,
            'mount from an earlier stage',
          ),
        );
      }
    }
    return out;
  },
};
