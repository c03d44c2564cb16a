import { rpmAssumesYes, rpmInstalls } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3030: `yum install` without `-y` waits for an answer a build never gives. */
export const rule: InstructionRule = {
  meta: {
    id: 'yum-yes',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3030',
    description: 'yum install needs -y',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (!rpmInstalls(ins, ['yum']).some((c) => !rpmAssumesYes(c))) return [];
    return [
      findingAt(file, ins, 'yum install without -y asks for confirmation', 'add -y: yum install -y ...'),
    ];
  },
};
