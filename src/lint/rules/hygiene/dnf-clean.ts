import { cleanedAfter, removesUnder, type ShellCommand } from '../../commands.js';
import { isRpmClean, rpmCommands } from '../../managers/rpm.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, mountsOver } from '../../stages.js';

const WORK = [
  'install',
  'in',
  'upgrade',
  'up',
  'upgrade-minimal',
  'up-min',
  'reinstall',
  'rei',
  'groupinstall',
];
const CACHES = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'];

/** DL3040: `dnf install` leaves its cache in the layer unless `dnf clean all` follows in the same RUN. */
export const rule: InstructionRule = {
  meta: {
    id: 'dnf-clean',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3040',
    description: 'dnf install should be followed by dnf clean all',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const work = new Set(rpmCommands(ins, ['dnf', 'microdnf'], WORK));
    if (work.size === 0 || CACHES.some((d) => mountsOver(ins, d))) return [];
    const clean = (c: ShellCommand) =>
      isRpmClean(c, ['dnf', 'microdnf']) || removesUnder(c, ['/var/cache/yum', '/var/cache/dnf']);
    if (cleanedAfter(ins, (c) => work.has(c), clean)) return [];
    return [findingAt(file, ins, 'dnf leaves its cache in this layer', 'end the RUN with && dnf clean all')];
  },
};
