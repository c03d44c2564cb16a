import type { InstructionRule } from '../../rule.js';
import { findingAt, keywordAsWritten } from '../../stages.js';

/** BuildKit FromAsCasing: `FROM x as y` mixes casings; write `AS` the way `FROM` is written. */
export const rule: InstructionRule = {
  meta: {
    id: 'from-as-casing',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'FromAsCasing',
    description: "The 'as' keyword should match the case of the 'from' keyword",
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const from = keywordAsWritten(ins);
    const as = ins.words.find((w) => w.toLowerCase() === 'as');
    if (!as) return [];
    const upper = from === from.toUpperCase();
    const lower = from === from.toLowerCase();
    if ((upper && as === as.toUpperCase()) || (lower && as === as.toLowerCase()) || (!upper && !lower))
      return [];
    return [
      findingAt(
        file,
        ins,
        `'${as}' and '${from}' keywords' casing do not match`,
        `write ${upper ? 'AS' : 'as'}`,
      ),
    ];
  },
};
