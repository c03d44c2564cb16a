import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Scratch folders people `cd` into to build something and throw it away: not what WORKDIR is for. */
const TEMP =
  /^(?:\/tmp|\/var\/tmp|\/usr\/src|\/usr\/local\/src|\/build|\/src|\/opt\/src)(?:\/|$)|^\$\(mktemp|^-$|^\$\{?TMP/;

/**
 * DL3003: `cd /app && ...` in a RUN where WORKDIR would keep the folder for every later instruction.
 * Only a cd to an absolute, non-temporary folder is reported: cd into a scratch build folder is fine.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'cd-use-workdir',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3003',
    description: 'Use WORKDIR to switch to a folder, not cd in RUN',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const cd = runScript(ins).commands.find((c) => c.name === 'cd' && !c.substituted);
    const dir = cd?.args.find((a) => !a.startsWith('-') || a === '-');
    if (!dir?.startsWith('/') || TEMP.test(dir)) return [];
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
