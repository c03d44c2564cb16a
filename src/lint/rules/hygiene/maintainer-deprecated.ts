import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL4000: MAINTAINER is deprecated since Docker 1.13. */
export const rule: InstructionRule = {
  meta: {
    id: 'maintainer-deprecated',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL4000',
    buildkit: 'MaintainerDeprecated',
    description: 'MAINTAINER is deprecated',
  },
  scope: 'instruction',
  keywords: ['MAINTAINER'],
  check(ins, _stage, file) {
    const who = ins.args.trim().replace(/"/g, '\\"');
    return [
      findingAt(
        file,
        ins,
        'MAINTAINER is deprecated',
        `use a label: LABEL org.opencontainers.image.authors="${who}"`,
      ),
    ];
  },
};
