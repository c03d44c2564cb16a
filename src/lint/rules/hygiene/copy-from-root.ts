import type { InstructionRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/** DL3067: `COPY --from=x / /` copies a whole root file system over this one, /proc, /etc and all. */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-from-root',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3067',
    description: 'Do not COPY --from a whole root file system onto /',
  },
  scope: 'instruction',
  keywords: ['COPY'],
  check(ins, _stage, file) {
    if (flagValue(ins, 'from') === undefined || ins.words.length !== 2) return [];
    if (ins.words[0] !== '/' || ins.words[1] !== '/') return [];
    return [
      findingAt(
        file,
        ins,
        'COPY --from copies a whole root file system onto /',
        'copy only the folders you need',
      ),
    ];
  },
};
