import os from 'node:os';
import { cachedShare } from '../engine/progress/steps.js';
import type {
  BuildEvent,
  BuildOptions,
  BuildOutcome,
  BuildRequest,
  EngineClient,
  StepRecord,
} from '../engine/types.js';
import { isStrataError } from '../model/errors.js';
import type { Image, ImageGraph } from '../model/graph.js';
import type { BuildPlan, PlannedImage } from '../model/plan.js';
import { logsDir } from '../state/paths.js';
import { type Diagnosis, diagnose } from './diagnose.js';
import { probeForDiagnosis } from './probe.js';
import { logFileFor, requestFor } from './request.js';

export type ImageStatus = 'built' | 'skipped' | 'reused' | 'failed' | 'cancelled';

export interface ImageResult {
  id: string;
  status: ImageStatus;
  /** Why it was skipped, cancelled or built instead of reused ("parent base failed"). */
  reason?: string;
  tags: string[];
  fingerprint: string;
  /** Wall time of this image's build or reuse, 0 for skipped. */
  durationMs: number;
  /** Milliseconds since the run started. */
  startedAt?: number;
  finishedAt?: number;
  imageId?: string;
  size?: number;
  steps: StepRecord[];
  /** Share of the steps (FROM excluded) served from the build cache. */
  cachedShare?: number;
  logFile?: string;
  failure?: BuildOutcome['failure'];
  diagnosis?: Diagnosis;
  /** Problems after a successful build (the onBuilt hook failed: a push, the history). */
  warnings?: string[];
}

export interface BuildRunResult {
  ok: boolean;
  /** Stopped by the abort signal. */
  interrupted: boolean;
  durationMs: number;
  /** One per planned image, in plan order. */
  images: ImageResult[];
  /** Problems after the builds that belong to no image alone (a push or a state write that failed). */
  warnings?: string[];
}

export type SchedulerEvent =
  | { type: 'image-start'; id: string; action: 'build' | 'reuse'; at: number }
  | { type: 'image-progress'; id: string; event: BuildEvent; at: number }
  | { type: 'image-finish'; id: string; result: ImageResult; at: number };

export interface RunBuildOptions {
  engine: EngineClient;
  /** Builds at once; default os.availableParallelism(). */
  jobs?: number;
  /** Stop everything at the first failure. */
  failFast?: boolean;
  /** Ctrl-C: stops the running builds (no tag is moved) and starts no other. */
  signal?: AbortSignal;
  stallTimeoutMs?: number;
  promptTimeoutMs?: number;
  /** Per-image logs; default `logs/` of the repository's state folder (logsDir). */
  logDir?: string;
  onEvent?: (event: SchedulerEvent) => void;
  /** For action 'reuse': fetch the image (pull and retag); false to build it instead. */
  reuse?: (image: PlannedImage) => Promise<boolean>;
  /** After each successful build: record history, push. An error becomes a warning of the result. */
  onBuilt?: (image: PlannedImage, result: ImageResult) => Promise<void> | void;
  /** Adds to each engine request (secrets, ssh, cache, network, no-cache). */
  extendRequest?: (image: Image, request: BuildRequest) => BuildRequest;
  /** Texts of inline Dockerfiles (compose `dockerfile_inline`) by the graph's `<inline:...>` key. */
  inlineDockerfiles?: Record<string, string>;
  /** Probe a failed image's base (os-release, package names) for the diagnosis; default true. */
  probe?: boolean;
}

export function isSuccess(status: ImageStatus): boolean {
  return status === 'built' || status === 'skipped' || status === 'reused';
}

/**
 * Builds the plan's 'build' images (and reuses its 'reuse' ones) in graph order, up to `jobs` at a
 * time. A child starts as soon as all its parents are done, not wave by wave. A failed image skips its
 * dependents and the others go on, unless `failFast`. Returns one result per planned image.
 */
export async function runBuild(
  graph: ImageGraph,
  plan: BuildPlan,
  options: RunBuildOptions,
): Promise<BuildRunResult> {
  const t0 = Date.now();
  const at = () => Date.now() - t0;
  const jobs = Math.max(1, options.jobs ?? os.availableParallelism());
  const logDir = options.logDir ?? logsDir(graph.root);
  const imagesById = new Map(graph.images.map((i) => [i.id, i]));
  const plannedIds = new Set(plan.images.map((p) => p.id));
  const results = new Map<string, ImageResult>();
  const running = new Map<string, Promise<void>>();
  const controllers = new Map<string, AbortController>();
  const pending = plan.images.filter((p) => p.action !== 'skip');
  let stopReason: string | undefined;

  // Images whose children may start: built, reused, or skipped by the plan (up to date).
  const satisfied = new Set<string>();
  const finish = (result: ImageResult, ok = isSuccess(result.status)) => {
    results.set(result.id, result);
    if (ok) satisfied.add(result.id);
    options.onEvent?.({ type: 'image-finish', id: result.id, result, at: at() });
  };
  const base = (
    p: PlannedImage,
  ): Pick<ImageResult, 'id' | 'tags' | 'fingerprint' | 'steps' | 'durationMs'> => ({
    id: p.id,
    tags: p.tags,
    fingerprint: p.fingerprint,
    steps: [],
    durationMs: 0,
  });

  for (const p of plan.images) {
    if (p.action === 'skip')
      finish({ ...base(p), status: 'skipped', reason: p.reasons[0]?.message ?? 'up to date' });
  }

  const onAbort = () => {
    stopReason ??= 'interrupted';
    for (const c of controllers.values()) c.abort();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const parentsOf = (p: PlannedImage) => p.parents.filter((id) => plannedIds.has(id) && id !== p.id);

  const start = (p: PlannedImage) => {
    const controller = new AbortController();
    controllers.set(p.id, controller);
    const task = processImage(p, controller.signal)
      .catch((e: unknown) => ({
        ...base(p),
        status: 'failed' as const,
        failure: { kind: 'error' as const, message: (e as Error).message ?? String(e) },
      }))
      .then((result) => {
        controllers.delete(p.id);
        running.delete(p.id);
        finish(result);
        if (result.status === 'failed' && options.failFast && !stopReason) {
          stopReason = `--fail-fast: ${p.id} failed`;
          for (const c of controllers.values()) c.abort();
        }
      });
    running.set(p.id, task);
  };

  const processImage = async (p: PlannedImage, signal: AbortSignal): Promise<ImageResult> => {
    const startedAt = at();
    if (p.blocked) {
      const message = p.reasons[0]?.message ?? `${p.id}: the file that defines it does not parse`;
      return { ...base(p), status: 'failed', failure: { kind: 'error', message } };
    }
    if (p.action === 'reuse' && options.reuse) {
      options.onEvent?.({ type: 'image-start', id: p.id, action: 'reuse', at: startedAt });
      let reused = false;
      let why = 'the registry did not have it';
      try {
        reused = await options.reuse(p);
      } catch (e) {
        why = `reuse failed: ${(e as Error).message}`;
      }
      if (reused) {
        const result: ImageResult = {
          ...base(p),
          status: 'reused',
          startedAt,
          finishedAt: at(),
          durationMs: at() - startedAt,
        };
        if (p.reuseFrom) result.reason = `from ${p.reuseFrom}`;
        return result;
      }
      const built = await buildImage(p, signal, at());
      built.reason = built.reason ?? `built: ${why}`;
      return built;
    }
    return buildImage(p, signal, startedAt);
  };

  const buildImage = async (
    p: PlannedImage,
    signal: AbortSignal,
    startedAt: number,
  ): Promise<ImageResult> => {
    const image = imagesById.get(p.id);
    if (!image) {
      return {
        ...base(p),
        status: 'failed',
        failure: { kind: 'error', message: `${p.id} is planned but not in the graph` },
      };
    }
    let request: BuildRequest;
    try {
      request = requestFor(graph, image, p, options.inlineDockerfiles);
    } catch (e) {
      return { ...base(p), status: 'failed', failure: { kind: 'error', message: (e as Error).message } };
    }
    if (options.extendRequest) request = options.extendRequest(image, request);
    const logFile = logFileFor(logDir, p.id);
    options.onEvent?.({ type: 'image-start', id: p.id, action: 'build', at: startedAt });
    const buildOptions: BuildOptions = {
      signal,
      logFile,
      onEvent: (event) => options.onEvent?.({ type: 'image-progress', id: p.id, event, at: at() }),
    };
    if (options.stallTimeoutMs !== undefined) buildOptions.stallTimeoutMs = options.stallTimeoutMs;
    if (options.promptTimeoutMs !== undefined) buildOptions.promptTimeoutMs = options.promptTimeoutMs;
    const warnings =
      image.platforms.length > 1
        ? [
            `built for the engine's own platform only: ${image.platforms.join(', ')} need a multi-platform buildx builder`,
          ]
        : [];
    let outcome: BuildOutcome;
    try {
      outcome = await options.engine.build(request, buildOptions);
    } catch (e) {
      const message = isStrataError(e) && e.hint ? `${e.message} (hint: ${e.hint})` : (e as Error).message;
      return {
        ...base(p),
        status: 'failed',
        startedAt,
        finishedAt: at(),
        logFile,
        failure: { kind: 'error', message },
      };
    }
    const result: ImageResult = {
      ...base(p),
      ...(warnings.length > 0 ? { warnings } : {}),
      status: outcome.ok ? 'built' : outcome.failure?.kind === 'interrupted' ? 'cancelled' : 'failed',
      startedAt,
      finishedAt: at(),
      durationMs: outcome.durationMs,
      steps: outcome.steps,
      logFile,
    };
    const share = cachedShare(outcome.steps);
    if (share !== undefined) result.cachedShare = share;
    if (outcome.imageId) result.imageId = outcome.imageId;
    if (!outcome.ok) {
      if (outcome.failure) result.failure = outcome.failure;
      if (result.status === 'cancelled') {
        result.reason = stopReason ?? 'interrupted';
        return result;
      }
      const probed =
        options.probe === false
          ? {}
          : await probeForDiagnosis(options.engine, outcome, { timeoutMs: 60_000 });
      result.diagnosis = diagnose(outcome, { graph, imageId: p.id, ...probed });
      return result;
    }
    try {
      const details = await options.engine.inspectImage(outcome.imageId ?? p.tags[0] ?? '');
      if (details) result.size = details.size;
    } catch {
      // the size is a nicety
    }
    if (options.onBuilt) {
      try {
        await options.onBuilt(p, result);
      } catch (e) {
        result.warnings = [...(result.warnings ?? []), (e as Error).message];
      }
    }
    return result;
  };

  try {
    while (pending.length > 0 || running.size > 0) {
      for (let i = 0; i < pending.length; ) {
        const p = pending[i]!;
        const parents = parentsOf(p);
        const failedParent = parents.find((id) => {
          const r = results.get(id);
          return r !== undefined && !satisfied.has(id);
        });
        if (stopReason || failedParent) {
          pending.splice(i, 1);
          const status = stopReason === 'interrupted' ? 'cancelled' : 'skipped';
          const parentResult = failedParent ? results.get(failedParent) : undefined;
          const reason = failedParent
            ? `parent ${failedParent} ${parentResult?.status === 'cancelled' ? 'was cancelled' : parentResult?.status === 'failed' ? 'failed' : 'was not built'}`
            : `not started (${stopReason})`;
          finish({ ...base(p), status, reason }, false);
          continue;
        }
        const ready = parents.every((id) => results.has(id));
        if (ready && running.size < jobs) {
          pending.splice(i, 1);
          start(p);
          continue;
        }
        i++;
      }
      if (running.size === 0) {
        // Every remaining image waits for a parent that will never finish (a cycle in the plan).
        for (const p of pending.splice(0)) {
          finish(
            {
              ...base(p),
              status: 'skipped',
              reason: `waits for ${parentsOf(p)
                .filter((id) => !results.has(id))
                .join(', ')}, which cannot be built first`,
            },
            false,
          );
        }
        break;
      }
      await Promise.race(running.values());
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  const images = plan.images.map(
    (p) => results.get(p.id) ?? { ...base(p), status: 'skipped' as const, reason: 'not run' },
  );
  return {
    ok: images.every((r) => satisfied.has(r.id)),
    interrupted: stopReason === 'interrupted',
    durationMs: Date.now() - t0,
    images,
  };
}
