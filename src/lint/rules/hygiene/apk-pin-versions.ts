import { apkAdds, apkPackages, apkPinned } from '../../managers/apk.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3018: `apk add pkg` without a version installs whatever the index holds on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'apk-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3018',
    description: 'Pin versions in apk add (pkg=1.2.3-r0)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose = apkAdds(ins).flatMap((c) => apkPackages(c).filter((p) => !apkPinned(p)));
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `apk add without a version: ${loose.join(', ')}`,
        'pin each package: apk add pkg=1.2.3-r0',
      ),
    ];
  },
};
