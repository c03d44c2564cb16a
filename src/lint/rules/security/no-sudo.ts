import { commandsNamed } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3004: sudo in a build means a root-capable user in the image, and a TTY-less sudo is unpredictable. */
export const rule: InstructionRule = {
  meta: {
    id: 'no-sudo',
    category: 'security',
    severity: 'error',
    enabledByDefault: false,
    hadolint: 'DL3004',
    description: 'Do not use sudo in RUN',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (commandsNamed(ins, 'sudo').length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        'sudo in RUN',
        'RUN already runs as the current USER: switch with USER root ... USER app instead',
      ),
    ];
  },
};
