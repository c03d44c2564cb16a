import { cleanedAfter, removesUnder } from '../../commands.js';
import { ZYPPER_CLEAN, ZYPPER_INSTALL, zypperCommands } from '../../managers/zypper.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, mountsOver } from '../../stages.js';

/** DL3036: `zypper install` leaves its cache in the layer unless `zypper clean` follows in the same RUN. */
export const rule: InstructionRule = {
  meta: {
    id: 'zypper-clean',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3036',
    description: 'zypper install should be followed by zypper clean',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const installs = new Set(zypperCommands(ins, ZYPPER_INSTALL));
    if (installs.size === 0 || mountsOver(ins, '/var/cache/zypp')) return [];
    const cleans = new Set(zypperCommands(ins, ZYPPER_CLEAN));
    if (
      cleanedAfter(
        ins,
        (c) => installs.has(c),
        (c) => cleans.has(c) || removesUnder(c, ['/var/cache/zypp']),
      )
    )
      return [];
    return [
      findingAt(
        file,
        ins,
        'zypper install leaves its cache in this layer',
        'end the RUN with && zypper clean',
      ),
    ];
  },
};
