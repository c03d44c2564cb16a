import type { Instruction, ResolvedDockerfile } from '../../../model/dockerfile.js';
import { isBuildTool } from '../../knowledge/apt-packages.js';
import { cudaOfBaseImage } from '../../knowledge/cuda.js';
import { parseSystemInstall, parseSystemRemove } from '../../knowledge/package-commands.js';
import { runCommands } from '../../knowledge/shell.js';
import { chainStages, finalChain } from '../../stages.js';

/** A RUN that installs build tools and does not remove them in the same layer. */
export interface BuildToolInstall {
  instruction: Instruction;
  tools: string[];
}

/** Build tools installed (and kept) by the stages of the image's final FROM chain. */
export function buildToolsKept(resolved: ResolvedDockerfile): BuildToolInstall[] {
  const out: BuildToolInstall[] = [];
  for (const stage of chainStages(resolved.parsed, finalChain(resolved))) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const commands = runCommands(ins);
      const removed = new Set(commands.flatMap(parseSystemRemove).map((p) => p.split('=')[0]));
      const tools = commands
        .flatMap((c) => parseSystemInstall(c)?.packages ?? [])
        .map((p) => p.split('=')[0]!)
        .filter((p) => isBuildTool(p) && !removed.has(p));
      if (tools.length > 0) out.push({ instruction: ins, tools: [...new Set(tools)] });
    }
  }
  return out;
}

/** The FROM of the final chain when it names a CUDA `devel` image. */
export function develBase(resolved: ResolvedDockerfile): { from: Instruction; ref: string } | undefined {
  const root = finalChain(resolved)[0];
  const stage = root === undefined ? undefined : resolved.stages[root];
  if (stage?.base.kind !== 'image') return undefined;
  const cuda = cudaOfBaseImage(stage.base.ref.repository, stage.base.ref.tag);
  if (cuda?.flavor !== 'devel') return undefined;
  const from = resolved.parsed.stages[stage.index]?.fromInstruction;
  return from ? { from, ref: stage.base.ref.familiar } : undefined;
}
