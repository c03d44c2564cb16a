import type { PlanAction } from '../model/plan.js';
import type { HistoryRun } from '../state/history.js';
import { redactArgv } from '../util/redact.js';
import type { BuildRunResult } from './scheduler.js';

/**
 * A run as `history.jsonl` keeps it: per image its action, result, time, steps and size. `command` is
 * the argv after `strata`, stored with build-arg values hidden (redactArgv).
 */
export function historyRun(
  run: BuildRunResult,
  startedAt: Date,
  actions: ReadonlyMap<string, PlanAction>,
  command?: readonly string[],
): HistoryRun {
  return {
    version: 1,
    startedAt: startedAt.toISOString(),
    durationMs: run.durationMs,
    ok: run.ok,
    ...(command ? { command: ['strata', ...redactArgv(command)].join(' ') } : {}),
    images: run.images.map((r) => ({
      id: r.id,
      tags: r.tags,
      action: actions.get(r.id) ?? 'build',
      status: r.status,
      durationMs: r.durationMs,
      ...(r.startedAt !== undefined ? { startMs: r.startedAt } : {}),
      fingerprint: r.fingerprint,
      steps: r.steps.map((s) => ({ name: s.name, durationMs: s.durationMs, cached: s.cached })),
      ...(r.size !== undefined ? { size: r.size } : {}),
      ...(r.imageId ? { imageId: r.imageId } : {}),
      ...(r.status === 'failed' && r.failure ? { error: r.failure.message } : {}),
    })),
  };
}
