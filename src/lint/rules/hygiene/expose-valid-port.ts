import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3011: EXPOSE ports are 0-65535. */
export const rule: InstructionRule = {
  meta: {
    id: 'expose-valid-port',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3011',
    description: 'EXPOSE ports must be within 0-65535',
  },
  scope: 'instruction',
  keywords: ['EXPOSE'],
  check(ins, _stage, file) {
    const bad = ins.words.find((w) =>
      w
        .replace(/\/\w+$/, '')
        .split('-')
        .some((p) => /^\d+$/.test(p) && Number(p) > 65535),
    );
    if (!bad) return [];
    return [findingAt(file, ins, `EXPOSE ${bad}: ports range from 0 to 65535`, 'use a port within 0-65535')];
  },
};
