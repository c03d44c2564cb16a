import { ZYPPER_INSTALL, zypperCommands, zypperPackages, zypperPinned } from '../../managers/zypper.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3037: `zypper install pkg` without a version installs whatever the repository holds that day. */
export const rule: InstructionRule = {
  meta: {
    id: 'zypper-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3037',
    description: 'Pin versions in zypper install (pkg=1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose = zypperCommands(ins, ZYPPER_INSTALL).flatMap((c) =>
      zypperPackages(c).filter((p) => !zypperPinned(p)),
    );
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `zypper install without a version: ${loose.join(', ')}`,
        'pin each package: pkg=1.2.3',
      ),
    ];
  },
};
