import pLimit from 'p-limit';
import type { EngineClient } from '../engine/types.js';
import type { PlannedImage } from '../model/plan.js';
import { readState, StateRecorder } from '../state/state.js';
import type { ComputedPlan } from './compute.js';
import { fingerprintRef } from './registry.js';

/**
 * Where `--push` sends a final tag: a tag that names its registry (`host[:port]/name:tag`,
 * `localhost/...`) goes there; one that names none (`acme/api:1`, which Docker would send to Docker Hub)
 * goes to `registry` as `<registry>/acme/api:1`, and without a registry it is not pushed at all: strata
 * never pushes where the user did not name. Throws for that last case.
 */
export function finalPushRef(tag: string, registry: string | undefined): string {
  const first = tag.split('/')[0]!;
  const named = tag.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (named) return tag;
  if (registry) return `${registry.replace(/\/+$/, '')}/${tag}`;
  throw new Error(
    `${tag} names no registry, so it is not pushed (Docker would send it to Docker Hub): pass --registry R, or tag it host/name`,
  );
}

/** Pulls of images to reuse that run at once. */
const PREFETCH_PULLS = 4;

export interface PlanHooksOptions {
  engine: Pick<EngineClient, 'pull' | 'tag' | 'push'>;
  plan: ComputedPlan;
  /** Push the final tags of every built or reused image. */
  push?: boolean;
}

export interface PlanHooks {
  /** For the scheduler: pulls the image's fingerprint tag and retags it; false when the registry lacks it. */
  reuse(image: { id: string }): Promise<boolean>;
  /** For the scheduler: records the build in state.json, pushes the fingerprint tag (and final tags with push). */
  onBuilt(image: { id: string }, result?: { imageId?: string }): Promise<void>;
  /** After the run: records skipped images state.json does not know yet (and pushes them with push), then waits for every write. */
  finish(): Promise<void>;
}

/**
 * What a build does around the scheduler for the plan: reuse from the registry, remember fingerprints,
 * push to the registry.
 */
export function createPlanHooks(opts: PlanHooksOptions): PlanHooks {
  const { engine, plan } = opts;
  const recorder = new StateRecorder(plan.root);
  const byId = new Map(plan.images.map((img) => [img.id, img]));
  const done = new Set<string>();

  const remember = (planned: PlannedImage, how: 'built' | 'reused', imageId?: string) => {
    const fingerprint = plan.fingerprints[planned.id];
    if (!fingerprint) return Promise.resolve();
    done.add(planned.id);
    return recorder.record(planned.id, {
      fingerprint,
      tags: planned.tags,
      ...(imageId ? { imageId } : {}),
      at: new Date().toISOString(),
      how,
    });
  };
  const pushFinal = async (planned: PlannedImage) => {
    if (!opts.push) return;
    for (const tag of planned.tags) {
      const ref = finalPushRef(tag, plan.registry);
      if (ref !== tag) await engine.tag(tag, ref);
      await engine.push(ref);
    }
  };
  const publish = async (planned: PlannedImage, source: string | undefined) => {
    if (!plan.registry || !source) return;
    const ref = fingerprintRef(plan.registry, planned.id, planned.fingerprint);
    await engine.tag(source, ref);
    await engine.push(ref);
  };

  // The first reuse starts the pulls of every image to reuse (a few at a time): a child's pull then runs
  // while the scheduler still waits for its parents, and the layers they share are fetched once.
  const pulls = new Map<string, Promise<boolean>>();
  const limit = pLimit(PREFETCH_PULLS);
  const refOf = (planned: PlannedImage) =>
    planned.reuseFrom ??
    (plan.registry ? fingerprintRef(plan.registry, planned.id, planned.fingerprint) : undefined);
  const pull = (ref: string): Promise<boolean> => {
    let running = pulls.get(ref);
    if (!running) {
      running = limit(() => engine.pull(ref));
      pulls.set(ref, running);
    }
    return running;
  };
  const prefetch = () => {
    for (const planned of plan.images) {
      const ref = planned.action === 'reuse' ? refOf(planned) : undefined;
      if (ref) pull(ref).catch(() => false);
    }
  };

  return {
    async reuse(image) {
      const planned = byId.get(image.id);
      if (!planned) return false;
      if (pulls.size === 0) prefetch();
      const ref = refOf(planned);
      if (!ref || !(await pull(ref))) return false;
      for (const tag of planned.tags) await engine.tag(ref, tag);
      await remember(planned, 'reused');
      await pushFinal(planned);
      return true;
    },
    async onBuilt(image, result) {
      const planned = byId.get(image.id);
      if (!planned) return;
      await remember(planned, 'built', result?.imageId);
      await publish(planned, planned.tags[0] ?? result?.imageId);
      await pushFinal(planned);
    },
    async finish() {
      const state = await readState(plan.root);
      for (const planned of plan.images) {
        if (planned.action !== 'skip' || done.has(planned.id)) continue;
        if (state.images[planned.id]?.fingerprint.hash !== planned.fingerprint)
          await remember(planned, 'built');
        // Up to date here is still published: a remote cache fills from local work.
        await publish(planned, planned.tags[0]);
        await pushFinal(planned);
      }
      await recorder.flush();
    },
  };
}
