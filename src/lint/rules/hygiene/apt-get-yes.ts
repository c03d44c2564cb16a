import { aptInstalls } from '../../apt.js';
import { hasFlag, runScript } from '../../commands.js';
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
      if (hasFlag(c, '-y', '--yes', '--assume-yes', '--force-yes')) return false;
      if (c.args.some((a) => /^-q{2,}/.test(a) || a === '-q=2' || a === '--quiet=2')) return false;
      if (c.args.some((a) => /^APT::Get::Assume-Yes=(?:true|1|yes)$/i.test(a))) return false;
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
