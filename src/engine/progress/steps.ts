import type { BuildEvent, StepRecord } from '../types.js';
import { parseStepLabel } from './plain.js';

/**
 * Folds build events into one record per Dockerfile step (vertices with `[n/m]`), in the order they
 * started, plus any other vertex that failed (a base image that cannot be resolved fails in
 * `[internal] load metadata`).
 */
export function summarizeSteps(events: BuildEvent[]): StepRecord[] {
  const byVertex = new Map<string, StepRecord & { startedAt: number; finished: boolean }>();
  const order: string[] = [];
  for (const ev of events) {
    if (ev.type === 'step-start') {
      if (byVertex.has(ev.vertex)) continue;
      const record: StepRecord & { startedAt: number; finished: boolean } = {
        name: ev.name,
        cached: false,
        durationMs: 0,
        startedAt: ev.at,
        finished: false,
      };
      if (ev.step !== undefined) record.step = ev.step;
      if (ev.total !== undefined) record.total = ev.total;
      byVertex.set(ev.vertex, record);
      order.push(ev.vertex);
      continue;
    }
    if (ev.type === 'log') continue;
    const record = byVertex.get(ev.vertex);
    if (!record) continue;
    if (ev.type === 'step-cached') {
      record.cached = true;
      record.finished = true;
    } else if (ev.type === 'step-done') {
      record.durationMs = ev.durationMs;
      record.finished = true;
    } else if (ev.type === 'step-error') {
      record.error = ev.message;
      record.durationMs = Math.max(0, ev.at - record.startedAt);
      record.finished = true;
    }
  }
  return order
    .map((v) => byVertex.get(v))
    .filter((r): r is StepRecord & { startedAt: number; finished: boolean } => r !== undefined)
    .filter((r) => r.step !== undefined || r.error !== undefined)
    .map(({ startedAt: _s, finished: _f, ...record }) => record);
}

/** Steps that count for the cache share: every instruction but FROM (a base is always "cached"). */
export function countedSteps(steps: StepRecord[]): StepRecord[] {
  return steps.filter((s) => s.step !== undefined && !/^FROM\b/i.test(parseStepLabel(s.name).instruction));
}

/** Share (0..1) of counted steps served from cache; undefined when there is none. */
export function cachedShare(steps: StepRecord[]): number | undefined {
  const counted = countedSteps(steps);
  if (counted.length === 0) return undefined;
  return counted.filter((s) => s.cached).length / counted.length;
}

/** The step that failed (its `[n/m] INSTRUCTION` name), if any. */
export function failedStep(steps: StepRecord[]): StepRecord | undefined {
  return steps.find((s) => s.error !== undefined && s.error !== 'canceled') ?? steps.find((s) => s.error);
}
