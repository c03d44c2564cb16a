import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL4005: `ln -s /bin/bash /bin/sh` changes the shell behind every later RUN in secret; SHELL says it. */
export const rule: InstructionRule = {
  meta: {
    id: 'shell-symlink',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL4005',
    description: 'Use SHELL to change the default shell, not a /bin/sh symlink',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const bad = runScript(ins).commands.some(
      (c) => c.name === 'ln' && c.args[c.args.length - 1] === '/bin/sh',
    );
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        'ln over /bin/sh changes the default shell behind SHELL',
        'use SHELL ["/bin/bash", "-c"]',
      ),
    ];
  },
};
