import type { Instruction } from '../../../model/dockerfile.js';
import { runScript } from '../../commands.js';
import type { Finding, StageRule } from '../../rule.js';
import { findingAt, isWindowsStage, stageLineage } from '../../stages.js';

const POSIX_SHELL = /(?:^|\/)(?:sh|bash|dash|ash|zsh|ksh)$/;

/**
 * DL4006: in `curl ... | tar x` only the last command's status counts: a failed download builds fine.
 * Satisfied by `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` earlier in the stage (or a stage it is built
 * on) or `set -o pipefail` in the script itself (heredoc bodies are read). A non-POSIX SHELL (pwsh, cmd)
 * is left alone.
 */
export const rule: StageRule = {
  meta: {
    id: 'pipefail',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL4006',
    description: 'RUN with a pipe should run with -o pipefail',
  },
  scope: 'stage',
  check(stage, file) {
    const out: Finding[] = [];
    if (isWindowsStage(file, stage)) return [];
    const lineage = stageLineage(file, stage.index);
    const inherited = lineage.slice(0, -1).flatMap((s) => s.instructions);
    let shell = lastShell(inherited);
    for (const ins of stage.instructions) {
      if (ins.keyword === 'SHELL') shell = ins;
      if (ins.keyword !== 'RUN' || ins.jsonForm) continue;
      const script = runScript(ins);
      const pipe = script.pipes.find((p) => !p[0]!.substituted);
      if (!pipe) continue;
      if (shell && (shellHasPipefail(shell) || !POSIX_SHELL.test(shell.words[0] ?? ''))) continue;
      const firstPipe = Math.min(...pipe.map((c) => c.pipeline));
      const setsPipefail = script.commands.some(
        (c) => c.name === 'set' && c.pipeline < firstPipe && c.args.includes('pipefail'),
      );
      if (setsPipefail) continue;
      const names = pipe.map((c) => c.name).join(' | ');
      out.push(
        findingAt(
          file,
          ins,
          `RUN pipes ${names}: a failure before the last command is ignored`,
          'add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before it (or start the script with set -o pipefail)',
        ),
      );
    }
    return out;
  },
};

function lastShell(instructions: Instruction[]): Instruction | undefined {
  return instructions.filter((i) => i.keyword === 'SHELL').pop();
}

/** `-o pipefail` given to a shell that has it (bash, zsh, ksh; not every /bin/sh does, so hadolint refuses sh). */
function shellHasPipefail(shell: Instruction): boolean {
  const words = shell.words;
  if (!/(?:^|\/)(?:bash|zsh|ksh|mksh)$/.test(words[0] ?? '')) return false;
  return words.some((w, i) => w === 'pipefail' && /^-\w*o$/.test(words[i - 1] ?? ''));
}
