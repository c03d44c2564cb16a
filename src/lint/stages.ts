import { envDeclarations, mounts } from '../dockerfile/index.js';
import type { Instruction, ParsedDockerfile, Range, ResolvedDockerfile, Stage } from '../model/dockerfile.js';
import type { Finding } from './rule.js';

/**
 * The stages whose filesystem becomes the image: the target stage and the stages it is built FROM,
 * root first. Stages only copied from (`COPY --from=builder`) are not in it: their leftovers never
 * reach the image.
 */
export function finalChain(resolved: ResolvedDockerfile): number[] {
  const chain: number[] = [];
  let index: number | undefined = resolved.targetStage;
  while (index !== undefined && !chain.includes(index)) {
    chain.unshift(index);
    const base: ResolvedDockerfile['stages'][number]['base'] | undefined = resolved.stages[index]?.base;
    index = base?.kind === 'stage' ? base.stage : undefined;
  }
  return chain;
}

/** The stages of a chain, root first. */
export function chainStages(parsed: ParsedDockerfile, chain: number[]): Stage[] {
  return chain.map((i) => parsed.stages[i]).filter((s): s is Stage => s !== undefined);
}

/** The instructions of a chain of stages, in build order (FROM lines excluded). */
export function chainInstructions(parsed: ParsedDockerfile, chain: number[]): Instruction[] {
  return chainStages(parsed, chain).flatMap((s) => s.instructions);
}

/** A finding on an instruction (or on a narrower range inside it). */
export function findingAt(
  file: ParsedDockerfile,
  at: Instruction | Range,
  message: string,
  fix?: string,
): Finding {
  const range = 'range' in at ? at.range : at;
  const f: Finding = { message, file: file.file, range };
  if (fix) f.fix = fix;
  return f;
}

/** A range covering the first line of an instruction only (long RUNs would otherwise span screens). */
export function firstLine(ins: Instruction): Range {
  const firstRawLine = ins.raw.split('\n')[0] ?? '';
  return {
    line: ins.range.line,
    column: ins.range.column,
    endLine: ins.range.line,
    endColumn: ins.range.column + firstRawLine.length,
  };
}

/** The value of a `--name=value` flag of an instruction; `true` for a bare flag; undefined when absent. */
export function flagValue(ins: Instruction, name: string): string | true | undefined {
  return ins.flags.find((f) => f.name === name)?.value;
}

/** ARG names of an ARG instruction (`ARG A=1 B`). */
export function argNames(ins: Instruction): string[] {
  return ins.words.map((w) => w.split('=')[0] ?? '').filter((n) => n !== '');
}

/** True when a RUN mounts something (cache, tmpfs, bind) over `dir` or a folder above it. */
export function mountsOver(ins: Instruction, dir: string): boolean {
  const want = dir.replace(/\/+$/, '');
  return mounts(ins).some((m) => {
    const target = (m.target ?? m.options.dst ?? m.options.destination ?? '').replace(/\/+$/, '');
    return target !== '' && (want === target || want.startsWith(`${target}/`));
  });
}

/**
 * Stages a stage is built on inside the file, root first, by the FROM text naming an earlier stage
 * (`FROM builder`), for rules that run before ARGs are resolved.
 */
export function stageLineage(file: ParsedDockerfile, index: number): Stage[] {
  const out: Stage[] = [];
  let current = file.stages[index];
  while (current && !out.includes(current)) {
    out.unshift(current);
    const from = current.from.toLowerCase();
    const before = current.index;
    current = file.stages.slice(0, before).find((s) => s.name === from);
  }
  return out;
}

/**
 * A variable lookup for words of `ins` as a rule should judge them: ENV values declared before it in its
 * stage and the stages it is built on (or before the first FROM, for a fragment); a name some ARG of the
 * file declares stands for a value given at build time (`argValue`); anything else is unset.
 */
export function variablesAt(
  file: ParsedDockerfile,
  ins: Instruction,
  argValue = '1',
): (name: string) => string | undefined {
  const env = new Map<string, string>();
  const stages = ins.stage >= 0 ? stageLineage(file, ins.stage) : [];
  const scope =
    ins.stage >= 0 ? stages.flatMap((s) => s.instructions) : file.instructions.filter((i) => i.stage < 0);
  for (const i of scope) {
    if (i.range.line >= ins.range.line) break;
    for (const e of envDeclarations(i, file.escape)) env.set(e.name, e.value);
  }
  const args = new Set(file.instructions.filter((i) => i.keyword === 'ARG').flatMap(argNames));
  return (name) => env.get(name) ?? (args.has(name) ? argValue : undefined);
}

/** The stages that end up in the image: the last stage and the stages it is built on (FROM by name). */
export function imageStageIndexes(file: ParsedDockerfile): Set<number> {
  const last = file.stages.length - 1;
  return new Set(last >= 0 ? stageLineage(file, last).map((s) => s.index) : []);
}

/** Instructions with each ONBUILD replaced by the instruction it triggers. */
export function withTriggers(instructions: readonly Instruction[]): Instruction[] {
  return instructions.map((i) => i.onbuild ?? i);
}

/** Base images of Windows containers (their default shell is cmd, not /bin/sh). */
const WINDOWS_BASE =
  /(?:^|\/)(?:windows(?:servercore)?|nanoserver|windows\/[\w-]+|servercore)(?::|$)|mcr\.microsoft\.com\/windows/i;

/**
 * Whether a stage builds a Windows image: the root of its FROM chain names a Windows base
 * (`mcr.microsoft.com/windows/servercore`, `microsoft/nanoserver`, ...). Windows images get no POSIX
 * shell advice.
 */
export function isWindowsStage(file: ParsedDockerfile, stage: Stage): boolean {
  const lineage = stage.index >= 0 ? stageLineage(file, stage.index) : [stage];
  const root = lineage[0];
  return root !== undefined && WINDOWS_BASE.test(root.from);
}

const reachableCache = new WeakMap<ParsedDockerfile, Set<number>>();

/**
 * The stages a plain `docker build` (no --target) runs: the last stage and every stage it needs, by
 * FROM, COPY --from and RUN --mount from=, by name or index. BuildKit runs its dispatch-time checks only
 * on these.
 */
export function reachableStages(file: ParsedDockerfile): Set<number> {
  const hit = reachableCache.get(file);
  if (hit) return hit;
  const out = new Set<number>();
  reachableCache.set(file, out);
  const byName = (word: string): number | undefined => {
    const w = word.toLowerCase();
    if (/^\d+$/.test(w)) return Number(w) < file.stages.length ? Number(w) : undefined;
    return file.stages.find((s) => s.name === w)?.index;
  };
  const visit = (index: number): void => {
    const stage = file.stages[index];
    if (!stage || out.has(index)) return;
    out.add(index);
    const parent = file.stages.slice(0, index).find((s) => s.name === stage.from.toLowerCase());
    if (parent) visit(parent.index);
    for (const ins of stage.instructions) {
      const from = flagValue(ins, 'from');
      if (typeof from === 'string') {
        const i = byName(from);
        if (i !== undefined) visit(i);
      }
      for (const m of mounts(ins)) {
        const i = m.from ? byName(m.from) : undefined;
        if (i !== undefined) visit(i);
      }
    }
  };
  visit(file.stages.length - 1);
  return out;
}

/** True for instructions BuildKit dispatches in a plain build: those of reachable stages, and fragments. */
export function isReachable(file: ParsedDockerfile, ins: Instruction): boolean {
  return ins.stage < 0 || reachableStages(file).has(ins.stage);
}

/** The keyword as written in the file (`from`, `Copy`), for casing checks. */
export function keywordAsWritten(ins: Instruction): string {
  return /^\s*(\S+)/.exec(ins.raw.slice(0, 40))?.[1] ?? ins.keyword;
}
