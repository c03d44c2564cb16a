import { cleanedAfter, removesUnder } from '../../commands.js';
import { isRpmClean, rpmInstalls } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, mountsOver } from '../../stages.js';

/** DL3032: `yum install` leaves its cache in the layer unless `yum clean all` follows in the same RUN. */
export const rule: InstructionRule = {
  meta: {
    id: 'yum-clean',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3032',
    description: 'yum install should be followed by yum clean all',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const installs = new Set(rpmInstalls(ins, ['yum']));
    if (installs.size === 0 || mountsOver(ins, '/var/cache/yum')) return [];
    const clean = (c: Parameters<typeof isRpmClean>[0]) =>
      isRpmClean(c, ['yum']) || removesUnder(c, ['/var/cache/yum']);
    if (cleanedAfter(ins, (c) => installs.has(c), clean)) return [];
    return [
      findingAt(file, ins, 'yum install leaves its cache in this layer', 'end the RUN with && yum clean all'),
    ];
  },
};
