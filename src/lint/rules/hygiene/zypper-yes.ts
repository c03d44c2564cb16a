import { ZYPPER_INSTALL, zypperCommands, zypperNonInteractive } from '../../managers/zypper.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3034: `zypper install` without `-n`/`-y` waits for an answer a build never gives. */
export const rule: InstructionRule = {
  meta: {
    id: 'zypper-yes',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3034',
    description: 'zypper install needs --non-interactive (-n) or -y',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (!zypperCommands(ins, ZYPPER_INSTALL).some((c) => !zypperNonInteractive(c))) return [];
    return [
      findingAt(
        file,
        ins,
        'zypper install without -n asks for confirmation',
        'add -n: zypper -n install ...',
      ),
    ];
  },
};
