import { aptInstalls, aptPackages } from '../../managers/apt.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3008 (off by default): unpinned apt packages change with every mirror update. */
export const rule: InstructionRule = {
  meta: {
    id: 'apt-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3008',
    description: 'apt-get install should pin package versions (pkg=version)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const unpinned = aptInstalls(ins)
      .flatMap(aptPackages)
      .filter((p) => !p.includes('=') && !p.endsWith('.deb') && !p.startsWith('/') && !p.includes('$'));
    if (unpinned.length === 0) return [];
    const list = unpinned.slice(0, 5).join(', ') + (unpinned.length > 5 ? `, +${unpinned.length - 5}` : '');
    return [
      findingAt(
        file,
        ins,
        `apt packages without a version: ${list}`,
        'pin each package: apt-get install -y pkg=<version>',
      ),
    ];
  },
};
