import { isRemoteContext } from '../discover/index.js';
import type { EngineClient } from '../engine/types.js';
import type { ImageGraph } from '../model/graph.js';
import type { BuildPlan, Fingerprint } from '../model/plan.js';
import {
  NOOP_STAMP_VERSION,
  type NoopStamp,
  removeNoopStamp,
  stampEnv,
  stampVariables,
  type TreeEntry,
  writeNoopStamp,
} from '../state/noop-stamp.js';
import { escapesRoot } from '../util/paths.js';
import { STRATA_VERSION } from '../version.js';
import { type BuildRunResult, isSuccess } from './scheduler.js';

export interface StampInput {
  root: string;
  graph: ImageGraph;
  plan: BuildPlan & { fingerprints: Record<string, Fingerprint> };
  run: BuildRunResult;
  engine: Pick<EngineClient, 'inspectImage' | 'inspectImages'>;
  /** From noopArgs(images, registry). */
  args: string[];
  /** The tree as it was before the build read it; undefined when it could not be stamped. */
  tree: TreeEntry[] | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * After a build: writes the no-op stamp when every planned image ended up to date and everything the
 * result depends on can be checked later (tagged images; contexts, named contexts and Dockerfiles inside
 * the root, not URLs; external bases with a known identity); removes a stale stamp otherwise. Returns
 * whether it stamped.
 */
export async function stampAfterBuild(input: StampInput): Promise<boolean> {
  const { root, graph, plan, run, engine, tree } = input;
  const byId = new Map(graph.images.map((image) => [image.id, image]));
  const planned = plan.images.map((p) => ({ p, image: byId.get(p.id) }));
  const upToDate = new Set(run.images.filter((r) => isSuccess(r.status)).map((r) => r.id));
  const checkable =
    tree !== undefined &&
    run.ok &&
    !run.interrupted &&
    planned.every(
      ({ p, image }) =>
        image !== undefined &&
        upToDate.has(p.id) &&
        p.tags.length > 0 &&
        localPathInside(image.context) &&
        !escapesRoot(image.dockerfile) &&
        Object.values(image.contexts).every(
          (value) => /^(?:target|service|docker-image):/.test(value) || localPathInside(value),
        ),
    );
  if (!checkable) {
    await removeNoopStamp(root);
    return false;
  }
  const ids = new Set(plan.images.map((p) => p.id));
  const externalBases: NoopStamp['externalBases'] = [];
  for (const base of graph.externalBases) {
    const user = base.usedBy.find((id) => ids.has(id));
    const identity = user ? plan.fingerprints[user]?.externalBases[base.ref.raw] : undefined;
    if (!user) continue;
    if (!identity || identity === 'absent') {
      await removeNoopStamp(root);
      return false;
    }
    externalBases.push({ ref: base.ref, identity });
  }
  const refs = plan.images.flatMap((p) => p.tags);
  const details = engine.inspectImages
    ? await engine.inspectImages(refs)
    : new Map(await Promise.all(refs.map(async (ref) => [ref, await engine.inspectImage(ref)] as const)));
  const held: Record<string, string> = {};
  for (const ref of refs) {
    const id = details.get(ref)?.id;
    if (!id) {
      await removeNoopStamp(root);
      return false;
    }
    held[ref] = id;
  }
  const stamp: NoopStamp = {
    version: NOOP_STAMP_VERSION,
    strata: STRATA_VERSION,
    args: input.args,
    env: stampEnv(input.env ?? process.env),
    variables: stampVariables(
      (graph.variables ?? []).map((v) => v.name),
      input.env ?? process.env,
    ),
    createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    tree: tree!,
    images: plan.images.map((p) => ({ id: p.id, tags: p.tags, fingerprint: p.fingerprint })),
    engine: held,
    externalBases,
  };
  await writeNoopStamp(root, stamp);
  return true;
}

/** A build context the tree snapshot covers: a folder inside the root, not a URL or a path outside it. */
function localPathInside(context: string): boolean {
  return !isRemoteContext(context) && !escapesRoot(context);
}
