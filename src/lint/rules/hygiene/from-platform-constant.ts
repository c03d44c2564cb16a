import type { InstructionRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/**
 * DL3029 / BuildKit FromPlatformFlagConstDisallowed: a constant `FROM --platform=linux/amd64` forces one
 * platform on every build. Follows BuildKit: a value with a variable is fine, and so is a stage named for
 * the platform's OS or architecture (`AS build-arm64`); hadolint also warns on those.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'from-platform-constant',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3029',
    buildkit: 'FromPlatformFlagConstDisallowed',
    description: 'FROM --platform should not be a constant',
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const value = flagValue(ins, 'platform');
    if (typeof value !== 'string' || value.includes('$')) return [];
    const v = value.replace(/^"|"$/g, '');
    const as = ins.words.findIndex((w) => w.toLowerCase() === 'as');
    const name = as >= 0 ? (ins.words[as + 1] ?? '').toLowerCase() : '';
    const parts = v
      .toLowerCase()
      .split('/')
      .filter((p) => p !== '');
    if (name !== '' && parts.slice(0, 2).some((p) => name.includes(p))) return [];
    return [
      findingAt(
        file,
        ins,
        `FROM --platform flag should not use constant value "${v}"`,
        'use --platform=$BUILDPLATFORM or drop the flag',
      ),
    ];
  },
};
