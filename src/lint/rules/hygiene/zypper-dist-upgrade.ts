import { zypperCommands } from '../../managers/zypper.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3035: `zypper dist-upgrade` in a build upgrades the whole distribution under the base image. */
export const rule: InstructionRule = {
  meta: {
    id: 'zypper-dist-upgrade',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3035',
    description: 'Do not use zypper dist-upgrade',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (zypperCommands(ins, ['dist-upgrade', 'dup']).length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        'zypper dist-upgrade changes the distribution the base image chose',
        'use a newer base image instead',
      ),
    ];
  },
};
