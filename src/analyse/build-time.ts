import type { HistoryRun } from '../state/history.js';
import { median } from '../state/history.js';

/**
 * Where build time goes, from strata's build history (`.strata/history.jsonl`): a pure function over
 * past runs. Per image: its builds, the last and median duration, the share of steps served from the
 * cache; per step: how often it missed the cache and what those misses cost.
 */

export interface StepTime {
  /** The step as BuildKit names it (`[3/5] RUN pip install -r requirements.txt`), its `[n/m]` dropped. */
  name: string;
  /** Builds that ran the step. */
  runs: number;
  /** Of those, the ones where it missed the cache and ran. */
  misses: number;
  /** Median duration of a miss. */
  medianMissMs: number;
  /** Total time spent re-running it across the runs read. */
  totalMissMs: number;
  /**
   * The step whose cache miss started each re-run (the first step of that build to miss, at or before
   * this one: `COPY . /app` when a source file changed), with how many re-runs it started.
   */
  invalidatedBy: { name: string; count: number }[];
}

export interface ImageTime {
  id: string;
  builds: number;
  lastMs?: number;
  medianMs: number;
  /** Cached steps / steps over the builds read (0-1). */
  cacheHitRatio: number;
  /** The steps whose misses cost most, costliest first. */
  costlySteps: StepTime[];
}

export interface TimelineBar {
  id: string;
  /** Milliseconds from the run's start. */
  startMs: number;
  durationMs: number;
  status: string;
  steps: { name: string; durationMs: number; cached: boolean }[];
}

export interface BuildTimes {
  /** Runs read (the last `window`). */
  runs: number;
  images: ImageTime[];
  /** The last run that built something, image by image on a time axis. */
  timeline?: { startedAt: string; durationMs: number; bars: TimelineBar[] };
}

/** BuildKit's own steps (context transfer, metadata, the FROM pull), not the Dockerfile's. */
const INTERNAL_STEP =
  /^FROM\b|^\[internal\]|load build definition|load \.dockerignore|load metadata|transferring|exporting/i;

function stepName(name: string): string {
  return name.replace(/^\[[^\]]*\d+\/\d+\]\s*/, '').trim();
}

export function analyseBuildTimes(runs: HistoryRun[], options: { top?: number } = {}): BuildTimes {
  const top = options.top ?? 5;
  const perImage = new Map<string, HistoryRun['images']>();
  for (const run of runs) {
    for (const image of run.images) {
      if (image.status !== 'built' && image.status !== 'failed') continue;
      const list = perImage.get(image.id) ?? [];
      list.push(image);
      perImage.set(image.id, list);
    }
  }
  const images: ImageTime[] = [];
  for (const [id, list] of perImage) {
    const steps = new Map<string, { runs: number; misses: number[]; triggers: Map<string, number> }>();
    let cached = 0;
    let total = 0;
    for (const build of list) {
      let trigger: string | undefined;
      for (const s of build.steps ?? []) {
        const name = stepName(s.name);
        if (INTERNAL_STEP.test(name)) continue;
        total++;
        if (s.cached) cached++;
        const st = steps.get(name) ?? { runs: 0, misses: [], triggers: new Map<string, number>() };
        st.runs++;
        if (!s.cached) {
          trigger ??= name;
          st.misses.push(s.durationMs);
          st.triggers.set(trigger, (st.triggers.get(trigger) ?? 0) + 1);
        }
        steps.set(name, st);
      }
    }
    const costlySteps = [...steps]
      .map(([name, st]) => ({
        name,
        runs: st.runs,
        misses: st.misses.length,
        medianMissMs: median(st.misses),
        totalMissMs: st.misses.reduce((a, b) => a + b, 0),
        invalidatedBy: [...st.triggers]
          .map(([trigger, count]) => ({ name: trigger, count }))
          .sort((a, b) => b.count - a.count),
      }))
      .filter((s) => s.misses > 0)
      .sort((a, b) => b.totalMissMs - a.totalMissMs)
      .slice(0, top);
    const last = list[list.length - 1];
    images.push({
      id,
      builds: list.length,
      ...(last ? { lastMs: last.durationMs } : {}),
      medianMs: median(list.map((b) => b.durationMs)),
      cacheHitRatio: total === 0 ? 0 : cached / total,
      costlySteps,
    });
  }
  images.sort((a, b) => (b.lastMs ?? 0) - (a.lastMs ?? 0));
  const lastRun = [...runs].reverse().find((r) => r.images.some((i) => i.status === 'built'));
  const times: BuildTimes = { runs: runs.length, images };
  if (lastRun) {
    times.timeline = {
      startedAt: lastRun.startedAt,
      durationMs: lastRun.durationMs,
      bars: lastRun.images
        .filter((i) => i.status !== 'skipped')
        .map((i) => ({
          id: i.id,
          // Runs written before start offsets were recorded: the image is placed so it ends with the run.
          startMs: i.startMs ?? Math.max(0, lastRun.durationMs - i.durationMs),
          durationMs: i.durationMs,
          status: i.status,
          steps: (i.steps ?? []).map((s) => ({
            name: stepName(s.name),
            durationMs: s.durationMs,
            cached: s.cached,
          })),
        })),
    };
  }
  return times;
}
