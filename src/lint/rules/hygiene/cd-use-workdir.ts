import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Scratch folders people `cd` into to build something and throw it away: not what WORKDIR is for. */
const TEMP = /^(?:\/tmp|\/var\/tmp)(?:\/|$)|^\$\(mktemp|^-$|^\$\{?TMP/;

/**
 * DL3003: `cd /app && ...` in a RUN where WORKDIR would keep the folder for every later instruction.
 * Only a cd to an absolute folder that stays is reported: cd into /tmp, a mktemp folder or a folder the
 * same RUN deletes again is a scratch build and fine.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'cd-use-workdir',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3003',
    description: 'Use WORKDIR to switch to a folder, not cd in RUN',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const commands = runScript(ins).commands;
    const cd = commands.find((c) => c.name === 'cd' && !c.substituted);
    const dir = cd?.args.find((a) => !a.startsWith('-') || a === '-');
    if (!dir?.startsWith('/') || TEMP.test(dir)) return [];
    // A folder the same RUN deletes again is a scratch build folder.
    const removed = commands.some(
      (c) => c.name === 'rm' && c.args.some((a) => dir === a || dir.startsWith(`${a.replace(/\/+$/, '')}/`)),
    );
    if (removed) return [];
    return [
      findingAt(
        file,
        ins,
        `RUN cd ${dir}: the folder is lost after this RUN`,
        `use WORKDIR ${dir} before the RUN`,
      ),
    ];
  },
};
