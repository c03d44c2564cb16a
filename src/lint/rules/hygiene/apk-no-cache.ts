import { apkAdds } from '../../managers/apk.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, mountsOver } from '../../stages.js';

/** DL3019: `apk add` without `--no-cache` leaves the package index in the layer. */
export const rule: InstructionRule = {
  meta: {
    id: 'apk-no-cache',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3019',
    description: 'Use apk add --no-cache',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (mountsOver(ins, '/var/cache/apk')) return [];
    if (!apkAdds(ins).some((c) => !c.args.includes('--no-cache'))) return [];
    return [
      findingAt(
        file,
        ins,
        'apk add without --no-cache keeps the package index in this layer',
        'use apk add --no-cache (or mount a cache on /var/cache/apk)',
      ),
    ];
  },
};
