import type { BaseRef, Instruction, ResolvedDockerfile } from '../model/dockerfile.js';

/**
 * Ties an image's layers to the Dockerfile lines that made them. The config history says what each
 * layer's instruction was (`RUN /bin/sh -c pip install ...`); this finds that instruction in the
 * Dockerfile's built stage (and the stages it is built FROM), walking both from the end, so layers
 * that came from the base image stay without a line.
 */

export interface DockerfileLine {
  file: string;
  /** 1-based line of the instruction. */
  line: number;
}

const squash = (s: string): string => s.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();

/** Instructions of the built stage, with those of the stages it is built FROM before them. */
function stageChain(dockerfile: ResolvedDockerfile): Instruction[] {
  const parsed = dockerfile.parsed;
  const chain: Instruction[][] = [];
  let index: number | undefined = dockerfile.targetStage;
  const seen = new Set<number>();
  while (index !== undefined && !seen.has(index)) {
    seen.add(index);
    const stage = parsed.stages[index];
    if (!stage) break;
    chain.unshift(stage.instructions);
    const base: BaseRef | undefined = dockerfile.stages[index]?.base;
    index = base && base.kind === 'stage' ? base.stage : undefined;
  }
  return chain.flat();
}

function matches(instruction: string, candidate: Instruction): boolean {
  const [keyword, ...rest] = instruction.split(' ');
  if (keyword !== candidate.keyword) return false;
  const text = squash(rest.join(' '));
  const args = squash(candidate.args);
  if (text === args || text.endsWith(args) || args.endsWith(text)) return true;
  // BuildKit writes COPY/ADD with their flags and sometimes a rewritten source list; the destination is kept.
  if (keyword === 'COPY' || keyword === 'ADD') return text.split(' ').pop() === args.split(' ').pop();
  return false;
}

/**
 * For each layer instruction (as instructionOf gives it; undefined for a layer without one), the
 * Dockerfile line that made it, or undefined when it came from the base image or cannot be told.
 */
export function dockerfileLines(
  instructions: (string | undefined)[],
  dockerfile: ResolvedDockerfile,
): (DockerfileLine | undefined)[] {
  const candidates = stageChain(dockerfile);
  const out: (DockerfileLine | undefined)[] = instructions.map(() => undefined);
  let next = candidates.length - 1;
  for (let i = instructions.length - 1; i >= 0 && next >= 0; i--) {
    const text = instructions[i];
    if (!text) continue;
    let found = -1;
    for (let j = next; j >= 0; j--) {
      if (matches(text, candidates[j]!)) {
        found = j;
        break;
      }
    }
    if (found < 0) break;
    out[i] = { file: dockerfile.parsed.file, line: candidates[found]!.range.line };
    next = found - 1;
  }
  return out;
}
