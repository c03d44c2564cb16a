import { rpmAssumesYes, rpmInstalls } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3038: `dnf install` / `microdnf install` without `-y` waits for an answer a build never gives. */
export const rule: InstructionRule = {
  meta: {
    id: 'dnf-yes',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3038',
    description: 'dnf install needs -y',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const bad = rpmInstalls(ins, ['dnf', 'microdnf']).find((c) => !rpmAssumesYes(c));
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        `${bad.name} install without -y asks for confirmation`,
        `add -y: ${bad.name} install -y ...`,
      ),
    ];
  },
};
