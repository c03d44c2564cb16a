import type { ImageGraph } from '../model/graph.js';
import { type ComputedPlan, createPlanHooks } from '../plan/index.js';
import { appendHistory } from '../state/history.js';
import type { TreeEntry } from '../state/noop-stamp.js';
import { historyRun } from './history-run.js';
import { type BuildRunResult, type RunBuildOptions, runBuild } from './scheduler.js';
import { stampAfterBuild } from './stamp.js';

export interface CarryOutOptions extends Omit<RunBuildOptions, 'reuse' | 'onBuilt'> {
  /** Also push the final tags of what was built (`strata build --push`). */
  push?: boolean;
  /** Called once the builds end (or throw), before the registry pushes and state writes that finish the plan. */
  onBuildsEnd?: () => void;
  /** Record the run in the repository's history (default true). */
  history?: boolean;
  /** The command line to record with the run (argv after `strata`); build-arg values are hidden. */
  command?: readonly string[];
  /**
   * Write the no-op stamp `strata build` answers a no-op from: the tree snapshot taken before the
   * repository was scanned (snapshotTree) and the build's arguments (noopArgs). Without it, no stamp is
   * written (an old one is checked against the engine's images, so it cannot lie).
   */
  noopStamp?: { tree: TreeEntry[] | undefined; args: string[] };
}

/**
 * Carries out a plan as `strata build` does: builds what it says to build, pulls and retags what it says to
 * reuse, records each image's fingerprint in the state folder's `state.json`, pushes fingerprint tags (and,
 * with `push`, the final tags) when the plan has a registry, appends the run to the history and writes
 * the no-op stamp. A failure of the pushes or records after the builds becomes a warning of the
 * result; the history is written whatever happened.
 */
export async function carryOutPlan(
  graph: ImageGraph,
  plan: ComputedPlan,
  options: CarryOutOptions,
): Promise<BuildRunResult> {
  const { push, onBuildsEnd, history = true, command, noopStamp, ...run } = options;
  const hooks = createPlanHooks({ engine: run.engine, plan, ...(push ? { push: true } : {}) });
  const startedAt = new Date();
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
  try {
    await hooks.finish();
  } catch (e) {
    result.ok = false;
    result.warnings = [...(result.warnings ?? []), (e as Error).message];
  }
  // strata's own records never hide the builds' result: a state folder that cannot be written is a warning.
  const record = async (what: string, write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      result.warnings = [
        ...(result.warnings ?? []),
        `${what} not written: ${err.code ? `${err.code} ${err.path ?? ''}`.trim() : err.message} (set STRATA_STATE_HOME to a folder you can write)`,
      ];
    }
  };
  if (history) {
    const actions = new Map(plan.images.map((p) => [p.id, p.action]));
    await record('history', () => appendHistory(plan.root, historyRun(result, startedAt, actions, command)));
  }
  if (noopStamp) {
    await record('no-op stamp', () =>
      stampAfterBuild({ root: plan.root, graph, plan, run: result, engine: run.engine, ...noopStamp }),
    );
  }
  return result;
}
