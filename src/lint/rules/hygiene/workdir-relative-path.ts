import type { InstructionRule } from '../../rule.js';
import { findingAt, isReachable, stageLineage } from '../../stages.js';
import { isAbsoluteOrVariable } from './copy-relative-no-workdir.js';

/**
 * BuildKit WorkdirRelativePath: a relative WORKDIR before any absolute one in the build depends on the
 * base image's WORKDIR. (workdir-absolute, DL3000, flags every relative WORKDIR.)
 */
export const rule: InstructionRule = {
  meta: {
    id: 'workdir-relative-path',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    buildkit: 'WorkdirRelativePath',
    description: 'A relative WORKDIR needs an absolute WORKDIR before it',
  },
  scope: 'instruction',
  keywords: ['WORKDIR'],
  check(ins, stage, file) {
    if (!isReachable(file, ins)) return [];
    const dir = ins.words[0] ?? '';
    if (dir === '' || isAbsoluteOrVariable(dir)) return [];
    const before = (stage ? stageLineage(file, stage.index).flatMap((s) => s.instructions) : []).filter(
      (i) => i.keyword === 'WORKDIR' && i.range.line < ins.range.line,
    );
    if (before.some((i) => isAbsoluteOrVariable(i.words[0] ?? ''))) return [];
    return [
      findingAt(
        file,
        ins,
        `Relative workdir "${dir}" can have unexpected results if the base image changes`,
        `write WORKDIR /${dir}`,
      ),
    ];
  },
};
