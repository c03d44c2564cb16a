import { runScript } from '../../commands.js';
import { gemInstall } from '../../managers/gem.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3028: `gem install name` without a version installs whatever is newest on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'gem-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3028',
    description: 'Pin versions in gem install (gem:1.2.3 or -v)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose: string[] = [];
    for (const c of runScript(ins).commands) {
      const gem = gemInstall(c);
      if (gem && !gem.versioned) loose.push(...gem.gems.filter((g) => !g.includes(':')));
    }
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `gem install without a version: ${loose.join(', ')}`,
        'pin each gem: gem install name:1.2.3',
      ),
    ];
  },
};
