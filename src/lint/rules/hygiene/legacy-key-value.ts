import type { InstructionRule } from '../../rule.js';
import { findingAt, isReachable } from '../../stages.js';

/** BuildKit LegacyKeyValueFormat: `ENV key value` is the legacy form; `ENV key=value` says where the value ends. */
export const rule: InstructionRule = {
  meta: {
    id: 'legacy-key-value',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'LegacyKeyValueFormat',
    description: 'Use ENV/LABEL key=value, not the legacy "key value" form',
  },
  scope: 'instruction',
  keywords: ['ENV', 'LABEL'],
  check(ins, _stage, file) {
    if (!isReachable(file, ins)) return [];
    const first = ins.args.trim().split(/\s+/)[0] ?? '';
    if (first === '' || first.includes('=')) return [];
    const k = ins.keyword;
    return [
      findingAt(
        file,
        ins,
        `"${k} key=value" should be used instead of legacy "${k} key value" format`,
        `write ${k} ${first}=...`,
      ),
    ];
  },
};
