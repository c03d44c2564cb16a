import path from 'node:path';
import { envDeclarations, parseArgPairs } from '../../dockerfile/index.js';
import type { Instruction, ResolvedDockerfile, Stage } from '../../model/dockerfile.js';
import { finalChain } from '../stages.js';

/** The FROM chain (root first) of any stage. */
export function chainOf(resolved: ResolvedDockerfile, stage: number): number[] {
  return finalChain({ ...resolved, targetStage: stage });
}

/** A COPY/ADD from the build context: where its sources land in the image. */
export interface ContextCopy {
  instruction: Instruction;
  /** Sources relative to the context, as written. */
  sources: string[];
  /** Destination, absolute in the image (WORKDIR applied). */
  dest: string;
  /** `dest` ends with `/` or there are several sources: sources land inside it. */
  destIsDir: boolean;
}

/** What the build knows at an instruction: working directory, variables, earlier context copies. */
export interface WalkState {
  workdir: string;
  /** ENV values (inherited through the chain) and ARG values in scope. */
  vars: Record<string, string>;
  /** Names set by ENV (ARG-only names are absent). */
  envNames: Set<string>;
  copies: ContextCopy[];
}

export interface WalkStep {
  stage: Stage;
  instruction: Instruction;
  state: WalkState;
}

/**
 * Walks the instructions of a stage chain in build order, tracking WORKDIR, ENV/ARG values and COPYs
 * from the context. `buildArgs` override ARG defaults; `initialEnv` is what parent images set.
 */
export function walkChain(
  resolved: ResolvedDockerfile,
  chain: number[],
  buildArgs: Record<string, string>,
  initialEnv: Record<string, string> = {},
): WalkStep[] {
  return walk(resolved, chain, buildArgs, initialEnv).steps;
}

/** The state after the last instruction of a chain (what the image hands to images built FROM it). */
export function chainEndState(
  resolved: ResolvedDockerfile,
  chain: number[],
  buildArgs: Record<string, string>,
  initialEnv: Record<string, string> = {},
): WalkState {
  return walk(resolved, chain, buildArgs, initialEnv).state;
}

function walk(
  resolved: ResolvedDockerfile,
  chain: number[],
  buildArgs: Record<string, string>,
  initialEnv: Record<string, string>,
): { steps: WalkStep[]; state: WalkState } {
  const steps: WalkStep[] = [];
  const state: WalkState = {
    workdir: '/',
    vars: { ...initialEnv },
    envNames: new Set(Object.keys(initialEnv)),
    copies: [],
  };
  const globals = resolved.globalArgValues;
  for (const index of chain) {
    const stage = resolved.parsed.stages[index];
    if (!stage) continue;
    for (const name of Object.keys(state.vars)) if (!state.envNames.has(name)) delete state.vars[name];
    for (const ins of stage.instructions) {
      steps.push({
        stage,
        instruction: ins,
        state: { ...state, vars: { ...state.vars }, copies: [...state.copies] },
      });
      applyInstruction(state, ins, buildArgs, globals);
    }
  }
  return { steps, state };
}

function applyInstruction(
  state: WalkState,
  ins: Instruction,
  buildArgs: Record<string, string>,
  globals: Record<string, string>,
): void {
  switch (ins.keyword) {
    case 'WORKDIR': {
      const dir = substitute(ins.args.trim().replace(/^(["'])(.*)\1$/, '$2'), state.vars);
      state.workdir = path.posix.resolve(state.workdir, dir);
      break;
    }
    case 'ENV':
      for (const { name, value } of envDeclarations(ins)) {
        state.vars[name] = substitute(value, state.vars);
        state.envNames.add(name);
      }
      break;
    case 'ARG':
      for (const { name, value } of parseArgPairs(ins.args, '\\').pairs) {
        if (state.envNames.has(name)) continue;
        const v = buildArgs[name] ?? (value !== undefined ? substitute(value, state.vars) : globals[name]);
        if (v !== undefined) state.vars[name] = v;
      }
      break;
    case 'COPY':
    case 'ADD': {
      if (ins.flags.some((f) => f.name === 'from') || ins.heredocs.length > 0) break;
      const words = ins.words
        .filter((w) => ins.jsonForm || !w.startsWith('--'))
        .map((w) => substitute(w, state.vars));
      if (words.length < 2) break;
      const destRaw = words[words.length - 1]!;
      const sources = words.slice(0, -1).filter((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s));
      state.copies.push({
        instruction: ins,
        sources,
        dest: path.posix.resolve(state.workdir, destRaw),
        destIsDir: destRaw.endsWith('/') || destRaw === '.' || sources.length > 1,
      });
      break;
    }
    default:
      break;
  }
}

/** Expands `$X`, `${X}`, `${X:-default}`, `${X-default}` with known values; unknown ones stay as written. */
export function substitute(text: string, vars: Record<string, string>): string {
  if (!text.includes('$')) return text;
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (
      whole,
      braced: string | undefined,
      op: string | undefined,
      alt: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare ?? '';
      const value = vars[name];
      if (op === ':-' || op === '-')
        return value !== undefined && (op === '-' || value !== '') ? value : (alt ?? '');
      if (op === ':+' || op === '+') return value ? (alt ?? '') : '';
      return value ?? whole;
    },
  );
}

/**
 * The context files (relative to the context) an in-image path may come from, by the COPYs made so far:
 * latest COPY first. Several candidates when it cannot be known whether a source is a folder.
 */
export function contextSourcesOf(containerPath: string, copies: ContextCopy[]): string[] {
  const out: string[] = [];
  for (let i = copies.length - 1; i >= 0; i--) {
    const copy = copies[i]!;
    for (const source of copy.sources) {
      const src = path.posix
        .normalize(source)
        .replace(/^\.\/?/, '')
        .replace(/\/$/, '');
      if (!copy.destIsDir && copy.dest === containerPath) out.push(src);
      if (containerPath.startsWith(`${copy.dest.replace(/\/$/, '')}/`)) {
        const rest = containerPath.slice(copy.dest.replace(/\/$/, '').length + 1);
        if (src === '' || src === '.') out.push(rest);
        else {
          if (path.posix.basename(src) === rest) out.push(src);
          out.push(`${src}/${rest}`);
        }
      }
    }
    if (out.length > 0) return out;
  }
  return out;
}
