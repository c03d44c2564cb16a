import { expand } from '../../../dockerfile/index.js';
import { rpmInstalls, rpmPackages, rpmPinned } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, variablesAt } from '../../stages.js';

/** DL3033: `yum install pkg` without a version installs whatever the repository holds on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'yum-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3033',
    description: 'Pin versions in yum install (pkg-1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const vars = variablesAt(file, ins);
    const loose: string[] = [];
    for (const c of rpmInstalls(ins, ['yum'])) {
      const { packages, module } = rpmPackages(c);
      for (const p of packages) if (!rpmPinned(expand(p, vars).value, module)) loose.push(p);
    }
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `yum install without a version: ${loose.join(', ')}`,
        'pin each package: name-1.2.3',
      ),
    ];
  },
};
