import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3000: a relative WORKDIR depends on every WORKDIR before it, and on the base image's. */
export const rule: InstructionRule = {
  meta: {
    id: 'workdir-absolute',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: false,
    hadolint: 'DL3000',
    description: 'WORKDIR should be an absolute path',
  },
  scope: 'instruction',
  keywords: ['WORKDIR'],
  check(ins, _stage, file) {
    const dir = ins.args.trim().replace(/^["']|["']$/g, '');
    // `$HOME/app`, `${APP_DIR}` and Windows drives are absolute once expanded.
    if (dir === '' || dir.startsWith('/') || dir.startsWith('$') || /^[A-Za-z]:[\\/]/.test(dir)) return [];
    return [
      findingAt(
        file,
        ins,
        `WORKDIR ${dir} is relative`,
        `use an absolute path: WORKDIR /${dir.replace(/^\.\//, '')}`,
      ),
    ];
  },
};
