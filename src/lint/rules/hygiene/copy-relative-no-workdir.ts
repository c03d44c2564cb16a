import type { InstructionRule } from '../../rule.js';
import { findingAt, stageLineage } from '../../stages.js';

/** An absolute path on Linux or Windows, or one that starts with a variable. */
export function isAbsoluteOrVariable(path: string): boolean {
  const p = path.replace(/^["']|["']$/g, '');
  return p.startsWith('/') || p.startsWith('$') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}

/**
 * DL3045: a relative COPY destination lands in the WORKDIR of the base image when the Dockerfile sets
 * none: set WORKDIR first (in the stage or a stage it is built on).
 */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-relative-no-workdir',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3045',
    description: 'COPY to a relative path needs a WORKDIR set before it',
  },
  scope: 'instruction',
  keywords: ['COPY'],
  check(ins, stage, file) {
    if (ins.heredocs.length > 0 || ins.words.length < 2) return [];
    // The destination as written: Windows paths keep their backslashes.
    const dest = ins.jsonForm
      ? (ins.words[ins.words.length - 1] ?? '')
      : (ins.args.trim().split(/\s+/).pop() ?? '');
    if (isAbsoluteOrVariable(dest)) return [];
    const scope = stage
      ? stageLineage(file, stage.index).flatMap((s) => s.instructions)
      : file.instructions.filter((i) => i.stage < 0);
    const workdir = scope.some(
      (i) => i.range.line < ins.range.line && (i.keyword === 'WORKDIR' || i.onbuild?.keyword === 'WORKDIR'),
    );
    if (workdir) return [];
    return [
      findingAt(
        file,
        ins,
        `COPY to relative ${dest} with no WORKDIR set`,
        'set WORKDIR before it, or copy to an absolute path',
      ),
    ];
  },
};
