import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3043: ONBUILD may not trigger ONBUILD, FROM or MAINTAINER (the Dockerfile reference forbids them). */
export const rule: InstructionRule = {
  meta: {
    id: 'onbuild-forbidden',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3043',
    description: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER',
    supersedes: ['STRATA_DF_ONBUILD_TRIGGER'],
  },
  scope: 'instruction',
  keywords: ['ONBUILD'],
  check(ins, _stage, file) {
    const trigger = (ins.words[0] ?? '').toUpperCase();
    if (!['ONBUILD', 'FROM', 'MAINTAINER'].includes(trigger)) return [];
    return [findingAt(file, ins, `ONBUILD ${trigger} is not allowed`, `remove the ONBUILD ${trigger} line`)];
  },
};
