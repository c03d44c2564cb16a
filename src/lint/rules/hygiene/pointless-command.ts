import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Commands that make no sense while an image builds (hadolint's list). */
const POINTLESS = new Set([
  'ssh',
  'vim',
  'shutdown',
  'service',
  'ps',
  'free',
  'top',
  'kill',
  'mount',
  'ifconfig',
]);

/** DL3001: interactive or system-management commands do nothing useful in a build step. */
export const rule: InstructionRule = {
  meta: {
    id: 'pointless-command',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3001',
    description: 'Commands like ssh, vim, service, top, kill make no sense in a RUN',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const bad = runScript(ins).commands.find((c) => POINTLESS.has(c.name));
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        `${bad.name} makes no sense while an image builds`,
        `remove ${bad.name} from the RUN`,
      ),
    ];
  },
};
