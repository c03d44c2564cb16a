import { programOf, runCommands } from '../../knowledge/shell.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Account files whose write permission lets a process change who is who. */
const ACCOUNT_FILES = /^\/etc\/(passwd|shadow|group|gshadow|sudoers)$/;

/** A chmod mode that gives group or others write: `g+w`, `o+w`, `a+w`, `+w`, `664`, `0666`, `777`. */
export function addsGroupOrOtherWrite(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) {
    const [group = 0, other = 0] = mode.slice(-2).split('').map(Number);
    return (group & 2) !== 0 || (other & 2) !== 0;
  }
  return mode.split(',').some((clause) => /^[gao]*\+[rwxXst]*w/.test(clause) && !/^u+\+/.test(clause));
}

/**
 * `chmod g+w /etc/passwd` (a common trick to let a container pick its uid at start): any process of the
 * group, or of everyone, can then rewrite account entries (uid 0, home, shell) of every user.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'writable-passwd',
    category: 'security',
    severity: 'warning',
    enabledByDefault: true,
    description: 'A RUN makes /etc/passwd (or shadow, group, sudoers) writable by a group or by everyone',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    for (const cmd of runCommands(ins)) {
      if (programOf(cmd) !== 'chmod') continue;
      const args = cmd.words.slice(1).filter((w) => !/^-[a-zA-Z]+$/.test(w));
      const [mode, ...paths] = args;
      const target = paths.find((p) => ACCOUNT_FILES.test(p));
      if (!mode || !target || !addsGroupOrOtherWrite(mode)) continue;
      return [
        findingAt(
          file,
          ins,
          `chmod ${mode} ${target}: a process of that group (or anyone) can rewrite the accounts of the image, root's included`,
          'add the runtime user at start from an entrypoint running as root, or use nss_wrapper; keep /etc/passwd 644',
        ),
      ];
    }
    return [];
  },
};
