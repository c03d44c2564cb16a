import type { Finding, InstructionRule } from '../../rule.js';
import { findingAt, isReachable } from '../../stages.js';

/** BuildKit ExposeProtoCasing: `EXPOSE 80/TCP` should be `80/tcp`. */
export const rule: InstructionRule = {
  meta: {
    id: 'expose-proto-casing',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'ExposeProtoCasing',
    description: 'EXPOSE protocols should be lowercase',
  },
  scope: 'instruction',
  keywords: ['EXPOSE'],
  check(ins, _stage, file) {
    if (!isReachable(file, ins)) return [];
    const out: Finding[] = [];
    for (const w of ins.words) {
      const proto = w.split('/')[1];
      if (proto && proto !== proto.toLowerCase())
        out.push(
          findingAt(
            file,
            ins,
            `Defined protocol '${w}' in EXPOSE instruction should be lowercase`,
            `write ${w.toLowerCase()}`,
          ),
        );
    }
    return out;
  },
};
