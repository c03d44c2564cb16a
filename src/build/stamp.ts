import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { isRemoteContext, loadDockerignoreSync } from '../discover/index.js';
import type { EngineClient } from '../engine/types.js';
import type { Image, ImageGraph } from '../model/graph.js';
import type { BuildPlan, Fingerprint } from '../model/plan.js';
import {
  NOOP_STAMP_VERSION,
  type NoopStamp,
  removeNoopStamp,
  stampEnv,
  stampVariables,
  type TreeEntry,
  withoutSkipped,
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
  const skip = invisibleFolders(
    root,
    planned.flatMap(({ image }) => (image ? [image] : [])),
    tree!,
  );
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
    skip,
    tree: withoutSkipped(tree!, skip),
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

/** Folders the scan never walks, whatever .gitignore says (as discover's walk). */
const NEVER_SCANNED = new Set(['.git', 'node_modules']);

/**
 * Folders of the tree that nothing a build depends on can see, so the no-op check need not walk them:
 * the scan skips them (`.git`, `node_modules`, what the root .gitignore excludes; git never re-includes
 * under an excluded folder), they hold no Dockerfile or named context of the images, and every image
 * whose build context holds them leaves them out by its .dockerignore (one without `!` exceptions).
 * Both ignore files are in the snapshot: editing them sends the next build down the ordinary path.
 */
export function invisibleFolders(root: string, images: Image[], tree: TreeEntry[]): string[] {
  let gitignore: ReturnType<typeof ignore> | undefined;
  try {
    gitignore = ignore().add(readFileSync(path.join(root, '.gitignore'), 'utf8'));
  } catch {
    gitignore = undefined;
  }
  const contexts = images.map((image) => ({
    image,
    context: image.context === '.' ? '' : image.context,
    ignore: loadDockerignoreSync(root, image.context, image.dockerfile),
    named: Object.values(image.contexts).filter((v) => !/^[a-z-]+:/i.test(v)),
  }));
  const under = (rel: string, folder: string) =>
    folder === '' || rel === folder || rel.startsWith(`${folder}/`);
  const skip: string[] = [];
  for (const [rel, size] of tree) {
    if (size !== -1) continue;
    if (skip.some((s) => under(rel, s))) continue;
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (!NEVER_SCANNED.has(name) && !gitignore?.ignores(`${rel}/`)) continue;
    const visible = contexts.some(({ image, context, ignore: di, named }) => {
      if (under(image.dockerfile, rel) || under(context, rel)) return true;
      if (named.some((n) => under(n, rel) || under(rel, n))) return true;
      if (!under(rel, context)) return false;
      if (di.patterns.some((p) => p.startsWith('!'))) return true;
      return !di.ignores(context === '' ? rel : rel.slice(context.length + 1));
    });
    if (!visible) skip.push(rel);
  }
  return skip;
}
