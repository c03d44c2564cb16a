import type { Instruction, ParsedDockerfile } from '../../../model/dockerfile.js';
import { runScript } from '../../commands.js';
import { inheritedState, shellHasPipefail } from '../../knowledge/image-state.js';
import type { Finding, LintContext, StageRule } from '../../rule.js';
import { finalChain, findingAt, isWindowsStage, stageLineage } from '../../stages.js';

/**
 * Upstream commands whose status says nothing: `echo`/`printf` of a string cannot fail, and `yes` always
 * ends on SIGPIPE, so with pipefail `yes | apt-get ...` would fail the build.
 */
const NEVER_FAILS = new Set(['echo', 'printf', 'yes', 'true']);

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
    enabledByDefault: false,
    hadolint: 'DL4006',
    description: 'RUN with a pipe should run with -o pipefail',
  },
  scope: 'stage',
  check(stage, file, ctx) {
    const out: Finding[] = [];
    if (isWindowsStage(file, stage)) return [];
    const lineage = stageLineage(file, stage.index);
    const inherited = lineage.slice(0, -1).flatMap((s) => s.instructions);
    let shell: readonly string[] | undefined =
      lastShell(inherited)?.words ?? baseShell(lineage[0]?.index, file, ctx);
    for (const ins of stage.instructions) {
      if (ins.keyword === 'SHELL') shell = ins.words;
      if (ins.keyword !== 'RUN' || ins.jsonForm) continue;
      const script = runScript(ins);
      const pipe = script.pipes.find(
        (p) => !p[0]!.substituted && !p.slice(0, -1).every((c) => NEVER_FAILS.has(c.name)),
      );
      if (!pipe) continue;
      if (shell && (shellHasPipefail(shell) || !POSIX_SHELL.test(shell[0] ?? ''))) continue;
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

/**
 * The SHELL the images built from this file inherit at the root stage `root` (BuildKit carries SHELL
 * from the base image's config): known only when every such image inherits the same one.
 */
function baseShell(
  root: number | undefined,
  file: ParsedDockerfile,
  ctx: LintContext,
): readonly string[] | undefined {
  if (root === undefined) return undefined;
  const images = ctx.graph.images.filter(
    (i) => i.resolved?.parsed === file && finalChain(i.resolved)[0] === root,
  );
  if (images.length === 0) return undefined;
  const shells = images.map((i) => inheritedState(i, ctx.graph).shell?.value);
  const first = shells[0];
  return first && shells.every((s) => s?.join(' ') === first.join(' ')) ? first : undefined;
}
