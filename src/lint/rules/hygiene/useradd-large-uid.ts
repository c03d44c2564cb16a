import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3046: `useradd -u 123456` without `-l` writes a sparse /var/log/lastlog and faillog sized for that UID,
 * which can fill the layer (docker/docker#5419).
 */
export const rule: InstructionRule = {
  meta: {
    id: 'useradd-large-uid',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3046',
    description: 'useradd with a large UID needs -l (--no-log-init)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const bad = runScript(ins).commands.find((c) => {
      if (c.name !== 'useradd' || c.args.some((a) => a === '-l' || a === '--no-log-init')) return false;
      const i = c.args.findIndex((a) => a === '-u' || a === '--uid');
      const uid = i >= 0 ? c.args[i + 1] : c.args.find((a) => a.startsWith('--uid='))?.slice(6);
      return uid !== undefined && /^\d{6,}$/.test(uid);
    });
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        'useradd with a large UID and no -l makes a huge sparse lastlog',
        'add -l (--no-log-init)',
      ),
    ];
  },
};
