import { parseNameValuePairs } from '../../../dockerfile/index.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3044: in `ENV A=1 B=$A`, `$A` is the value from before this ENV, not 1: variables of one ENV are
 * expanded all at once.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'env-self-reference',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3044',
    description: 'An ENV pair cannot use a variable set earlier in the same ENV',
  },
  scope: 'instruction',
  keywords: ['ENV'],
  check(ins, _stage, file) {
    const pairs = parseNameValuePairs(ins.args, file.escape, 'ENV').pairs;
    const before = new Set<string>();
    for (const p of pairs) {
      const refs = [...(p.rawValue ?? '').matchAll(/\$(?:\{([A-Za-z_]\w*)|([A-Za-z_]\w*))/g)].map(
        (m) => m[1] ?? m[2],
      );
      const self = refs.find((r) => r !== undefined && before.has(r));
      if (self) {
        return [
          findingAt(
            file,
            ins,
            `${p.name} uses $${self}, set in the same ENV: it gets the earlier value`,
            `set ${self} in an ENV of its own before this one`,
          ),
        ];
      }
      before.add(p.name);
    }
    return [];
  },
};
