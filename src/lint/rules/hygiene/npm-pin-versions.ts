import { npmInstalls, npmPackages, npmPinned } from '../../managers/npm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3016: `npm install pkg` without a version installs whatever is newest on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'npm-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3016',
    description: 'Pin versions in npm install (pkg@1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose = npmInstalls(ins).flatMap((c) => npmPackages(c).filter((p) => !npmPinned(p)));
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `npm install without a version: ${loose.join(', ')}`,
        'pin each package (pkg@1.2.3), or install from package-lock.json with npm ci',
      ),
    ];
  },
};
