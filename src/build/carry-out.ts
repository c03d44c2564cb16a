import type { ImageGraph } from '../model/graph.js';
import { type ComputedPlan, createPlanHooks } from '../plan/index.js';
import { type BuildRunResult, type RunBuildOptions, runBuild } from './scheduler.js';

export interface CarryOutOptions extends Omit<RunBuildOptions, 'reuse' | 'onBuilt'> {
  /** Also push the final tags of what was built (`strata build --push`). */
  push?: boolean;
  /** Called once the builds end (or throw), before the registry pushes and state writes that finish the plan. */
  onBuildsEnd?: () => void;
}

/**
 * Carries out a plan as `strata build` does: builds what it says to build, pulls and retags what it says to
 * reuse, records each image's fingerprint in the state folder's `state.json`, and pushes fingerprint tags (and, with
 * `push`, the final tags) when the plan has a registry.
 */
export async function carryOutPlan(
  graph: ImageGraph,
  plan: ComputedPlan,
  options: CarryOutOptions,
): Promise<BuildRunResult> {
  const { push, onBuildsEnd, ...run } = options;
  const hooks = createPlanHooks({ engine: run.engine, plan, ...(push ? { push: true } : {}) });
  let result: BuildRunResult;
  try {
    result = await runBuild(graph, plan, {
      ...run,
      reuse: (p) => hooks.reuse(p),
      onBuilt: (p, r) => hooks.onBuilt(p, r.imageId ? { imageId: r.imageId } : {}),
    });
  } finally {
    onBuildsEnd?.();
  }
  await hooks.finish();
  return result;
}
