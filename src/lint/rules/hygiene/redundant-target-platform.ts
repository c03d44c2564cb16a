import type { InstructionRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/** DL3065 / BuildKit RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` is what FROM does anyway. */
export const rule: InstructionRule = {
  meta: {
    id: 'redundant-target-platform',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3065',
    buildkit: 'RedundantTargetPlatform',
    description: 'FROM --platform=$TARGETPLATFORM is redundant',
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const value = flagValue(ins, 'platform');
    if (typeof value !== 'string') return [];
    const v = value.replace(/^"|"$/g, '');
    if (v !== '$TARGETPLATFORM' && v !== '${TARGETPLATFORM}') return [];
    return [
      findingAt(
        file,
        ins,
        `Setting platform to predefined ${v} in FROM is redundant as this is the default behavior`,
        'remove --platform',
      ),
    ];
  },
};
