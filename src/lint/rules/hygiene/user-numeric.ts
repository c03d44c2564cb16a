import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3066: `USER name` needs /etc/passwd to know the name at run time, and Kubernetes' runAsNonRoot can
 * only verify a numeric UID. Off by default: a named user created in the same Dockerfile is common and fine.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'user-numeric',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3066',
    description: 'USER should be a numeric UID (and GID)',
  },
  scope: 'instruction',
  keywords: ['USER'],
  check(ins, _stage, file) {
    const user = (ins.words[0] ?? '').trim();
    if (user === '' || user.includes('$') || /^\d+(?::\d+)?$/.test(user)) return [];
    return [
      findingAt(
        file,
        ins,
        `USER ${user} is a name, not a numeric UID`,
        'use the numeric UID:GID (USER 10001:10001)',
      ),
    ];
  },
};
