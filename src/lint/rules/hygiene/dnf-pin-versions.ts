import { expand } from '../../../dockerfile/index.js';
import { rpmInstalls, rpmPackages, rpmPinned } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, variablesAt } from '../../stages.js';

/** DL3041: `dnf install pkg` without a version installs whatever the repository holds on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'dnf-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3041',
    description: 'Pin versions in dnf install (pkg-1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const vars = variablesAt(file, ins);
    const loose: string[] = [];
    for (const c of rpmInstalls(ins, ['dnf', 'microdnf'])) {
      const { packages, module } = rpmPackages(c);
      for (const p of packages) if (!rpmPinned(expand(p, vars).value, module)) loose.push(p);
    }
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `dnf install without a version: ${loose.join(', ')}`,
        'pin each package: name-1.2.3',
      ),
    ];
  },
};
