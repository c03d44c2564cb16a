import { runScript } from '../../commands.js';
import { aptInstalls, aptOptions } from '../../managers/apt.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3014: `apt-get install` without `-y` waits for an answer a build never gives. */
export const rule: InstructionRule = {
  meta: {
    id: 'apt-get-yes',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3014',
    description: 'apt-get install needs -y',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const script = runScript(ins);
    const bad = aptInstalls(ins).find((c) => {
      // Quiet level 2 implies -y (apt-get(8)).
      const options = aptOptions(c);
      if (options.yes || options.quiet >= 2) return false;
      // `yes | apt-get install ...`
      return !script.pipes.some((p) => p.includes(c) && p.some((o) => o.name === 'yes'));
    });
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        'apt-get install without -y asks for confirmation',
        'add -y: apt-get install -y ...',
      ),
    ];
  },
};
