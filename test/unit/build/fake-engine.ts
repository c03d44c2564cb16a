import type {
  BuildOptions,
  BuildOutcome,
  BuildRequest,
  EngineClient,
  ImageDetails,
  StepRecord,
} from '../../../src/engine/types.js';
import type { Image, ImageGraph } from '../../../src/model/graph.js';
import type { BuildPlan, PlanAction } from '../../../src/model/plan.js';

/** An image as the engine describes it, with nothing but the given fields. */
export function imageDetails(id: string, extra: Partial<ImageDetails> = {}): ImageDetails {
  return { id, repoTags: [], repoDigests: [], labels: {}, size: 0, created: '', ...extra };
}

/** An engine that "builds" by waiting, records what ran when, and fails the images it is told to. */
export class FakeEngine implements EngineClient {
  log: { id: string; start: number; end?: number; request: BuildRequest }[] = [];
  private t0 = Date.now();
  constructor(
    private readonly delays: Record<string, number>,
    private readonly failing: string[] = [],
  ) {}

  async info() {
    return { reachable: true, client: 'fake', buildx: false, buildkit: true };
  }

  build(request: BuildRequest, options: BuildOptions = {}): Promise<BuildOutcome> {
    const id = request.labels['org.strata.image'] ?? '?';
    const entry: { id: string; start: number; end?: number; request: BuildRequest } = {
      id,
      start: Date.now() - this.t0,
      request,
    };
    this.log.push(entry);
    options.onEvent?.({
      type: 'step-start',
      vertex: '#1',
      step: 1,
      total: 2,
      name: `[1/2] FROM base`,
      at: Date.now(),
    });
    return new Promise((resolve) => {
      const done = (outcome: BuildOutcome) => {
        entry.end = Date.now() - this.t0;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        const steps: StepRecord[] = [
          { name: '[1/2] FROM base', step: 1, total: 2, cached: false, durationMs: 0 },
          {
            name: '[2/2] RUN make',
            step: 2,
            total: 2,
            cached: id.includes('cached'),
            durationMs: this.delays[id] ?? 10,
          },
        ];
        if (this.failing.includes(id)) {
          steps[1]!.error = 'exit code: 2';
          done({
            ok: false,
            durationMs: 10,
            steps,
            logTail: ['#5 0.1 make: *** [all] Error 2'],
            failure: { kind: 'error', message: 'exit code: 2', step: '[2/2] RUN make' },
          });
        } else {
          done({ ok: true, imageId: `sha256:${id}`, durationMs: this.delays[id] ?? 10, steps, logTail: [] });
        }
      }, this.delays[id] ?? 10);
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        done({
          ok: false,
          durationMs: 1,
          steps: [],
          logTail: [],
          failure: { kind: 'interrupted', message: 'the build was interrupted' },
        });
      });
    });
  }

  async inspectImage(ref: string) {
    return imageDetails(ref, { size: 1234 });
  }
  async tag() {}
  async push() {}
  async pull() {
    return false;
  }
  async removeImage() {}
  async diskUsage() {
    return { images: 0, buildCache: 0, containers: 0, volumes: 0 };
  }
}

export function image(id: string, parents: string[] = []): Image & { parents: string[] } {
  return {
    id,
    dockerfile: `${id}/Dockerfile`,
    context: id,
    args: {},
    tags: [`t/${id}:latest`],
    platforms: [],
    contexts: {},
    origins: [],
    services: [],
    role: 'service',
    parents,
  };
}

/** A graph and a plan from `id -> parents`, every image planned 'build' unless `actions` says otherwise. */
export function family(
  spec: Record<string, string[]>,
  actions: Record<string, PlanAction> = {},
): { graph: ImageGraph; plan: BuildPlan } {
  const images = Object.entries(spec).map(([id, parents]) => image(id, parents));
  const graph: ImageGraph = {
    root: '/repo',
    images: images.map(({ parents: _p, ...img }) => img),
    edges: images.flatMap((i) =>
      i.parents.map((p) => ({ parent: p, child: i.id, kind: 'from' as const, via: `t/${p}` })),
    ),
    externalBases: [],
    waves: [],
    unused: [],
    cycles: [],
    diagnostics: [],
  };
  const plan: BuildPlan = {
    images: images.map((i) => ({
      id: i.id,
      tags: i.tags,
      action: actions[i.id] ?? 'build',
      reasons: [
        {
          kind: actions[i.id] === 'skip' ? 'up-to-date' : 'no-previous-build',
          message: actions[i.id] === 'skip' ? 'up to date' : 'never built',
        },
      ],
      fingerprint: `fp-${i.id}`,
      parents: i.parents,
    })),
    waves: [],
  };
  return { graph, plan };
}
