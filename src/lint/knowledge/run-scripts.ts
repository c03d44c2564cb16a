import path from 'node:path';
import type { Instruction } from '../../model/dockerfile.js';
import type { Image } from '../../model/graph.js';
import { joinRel } from '../../util/paths.js';
import type { LintContext } from '../rule.js';
import { finalChain } from '../stages.js';
import { runCommands, type ShellCommand, splitCommands } from './shell.js';
import { type ContextCopy, type WalkStep, walkChain } from './stage-walk.js';

const SHELLS = /^(?:ba|da|z|k)?sh$/;

/** The in-image path of the script a command runs: `clean-layer.sh`, `/usr/bin/x.sh`, `bash /tmp/x.sh`. */
function scriptPathOf(cmd: ShellCommand): string | undefined {
  const program = cmd.words[0] ?? '';
  const name = program.split('/').pop() ?? '';
  if (SHELLS.test(name)) return cmd.words.slice(1).find((w) => !w.startsWith('-'));
  return program;
}

/** The repository file a COPY put at `inImage` (a bare name matches the copy's file name: it runs from PATH). */
function sourceOf(inImage: string, copies: ContextCopy[], context: string): string | undefined {
  const bare = !inImage.includes('/');
  for (const copy of [...copies].reverse()) {
    for (const src of copy.sources) {
      const landed = copy.destIsDir ? path.posix.join(copy.dest, path.posix.basename(src)) : copy.dest;
      const hit = bare ? path.posix.basename(landed) === inImage : landed === inImage;
      if (hit) return joinRel(context, src.replace(/^\.\//, ''));
    }
  }
  return undefined;
}

const cache = new WeakMap<LintContext, Map<string, Promise<ShellCommand[]>>>();
const walks = new WeakMap<Image, WalkStep[]>();

/**
 * The commands of the repository scripts a RUN of `image` executes (a `clean-layer.sh` COPY'd into the
 * image earlier and called by name or path): read from the repository, so a cleanup done there is
 * seen. A script that is not a file of the build context (downloaded, made in the RUN) gives nothing.
 */
export async function scriptCommands(
  image: Image,
  ins: Instruction,
  ctx: LintContext,
): Promise<ShellCommand[]> {
  const resolved = image.resolved;
  if (!resolved || ins.keyword !== 'RUN') return [];
  let steps = walks.get(image);
  if (!steps) {
    steps = walkChain(resolved, finalChain(resolved), image.args);
    walks.set(image, steps);
  }
  const step = steps.find((s) => s.instruction === ins);
  if (!step || step.state.copies.length === 0) return [];
  let byFile = cache.get(ctx);
  if (!byFile) {
    byFile = new Map();
    cache.set(ctx, byFile);
  }
  const out: ShellCommand[] = [];
  for (const cmd of runCommands(ins)) {
    const script = scriptPathOf(cmd);
    const repoFile = script ? sourceOf(script, step.state.copies, image.context) : undefined;
    if (!repoFile) continue;
    let hit = byFile.get(repoFile);
    if (!hit) {
      hit = ctx.readFile(repoFile).then((text) => (text === undefined ? [] : splitCommands(text)));
      byFile.set(repoFile, hit);
    }
    out.push(...(await hit));
  }
  return out;
}

/** `rm` of a path that matches `target` among commands. */
export function removes(commands: readonly ShellCommand[], target: RegExp): boolean {
  return commands.some(
    (c) => (c.words[0] ?? '').split('/').pop() === 'rm' && c.words.slice(1).some((w) => target.test(w)),
  );
}
