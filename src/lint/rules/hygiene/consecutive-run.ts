import type { Instruction } from '../../../model/dockerfile.js';
import { runScript } from '../../commands.js';
import type { Finding, StageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3059: short RUNs one after another, each a layer of its own. Like hadolint, RUNs with different
 * flags (`--mount`) are kept apart, and a RUN of two or more commands counts as deliberate. Heredoc
 * RUNs are scripts on purpose and are left alone.
 */
export const rule: StageRule = {
  meta: {
    id: 'consecutive-run',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3059',
    description: 'Consecutive short RUN instructions could be one',
  },
  scope: 'stage',
  check(stage, file) {
    const out: Finding[] = [];
    let previous: Instruction | undefined;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN' || ins.heredocs.length > 0) {
        previous = undefined;
        continue;
      }
      if (previous && flagsOf(previous) === flagsOf(ins) && count(previous) <= 1 && count(ins) <= 1) {
        out.push(
          findingAt(
            file,
            ins,
            `RUN right after the RUN on line ${previous.range.line}: one more layer`,
            'join them with &&',
          ),
        );
      }
      previous = ins;
    }
    return out;
  },
};

function count(ins: Instruction): number {
  return runScript(ins).commands.filter((c) => !c.wrapped && !c.substituted && c.name !== '').length;
}

function flagsOf(ins: Instruction): string {
  return ins.flags.map((f) => `${f.name}=${String(f.value)}`).join(' ');
}
