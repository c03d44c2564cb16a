import type { Finding, InstructionRule } from '../../rule.js';
import { findingAt, isReachable } from '../../stages.js';

/** BuildKit ExposeInvalidFormat: EXPOSE takes container ports; an IP or a host port is ignored. */
export const rule: InstructionRule = {
  meta: {
    id: 'expose-invalid-format',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'ExposeInvalidFormat',
    description: 'EXPOSE should not name an IP address or a host port',
  },
  scope: 'instruction',
  keywords: ['EXPOSE'],
  check(ins, _stage, file) {
    if (!isReachable(file, ins)) return [];
    const out: Finding[] = [];
    for (const w of ins.words) {
      if (w.includes(':'))
        out.push(
          findingAt(
            file,
            ins,
            `EXPOSE instruction should not define an IP address or host-port mapping, found '${w}'`,
            'publish host ports with docker run -p instead',
          ),
        );
    }
    return out;
  },
};
