import { promises as fs } from 'node:fs';
import type { PlanAction } from '../model/plan.js';
import { appendLine } from '../util/fs.js';
import { historyPath } from './paths.js';

export interface StepHistory {
  name: string;
  durationMs: number;
  cached: boolean;
}

export type ImageRunStatus = 'built' | 'skipped' | 'reused' | 'failed' | 'cancelled';

/** One image in one run. */
export interface ImageRun {
  id: string;
  tags: string[];
  action: PlanAction;
  status: ImageRunStatus;
  durationMs: number;
  /** Milliseconds from the run's start to this image's start, when it ran. */
  startMs?: number;
  fingerprint: string;
  steps?: StepHistory[];
  /** Image size in bytes, when known. */
  size?: number;
  imageId?: string;
  error?: string;
}

/** One line of `.strata/history.jsonl`: a `strata build` run. */
export interface HistoryRun {
  version: 1;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  /** The command line, as the user typed it. */
  command?: string;
  images: ImageRun[];
}

/**
 * Appends a run to `history.jsonl` with one write, so concurrent runs never interleave lines. A file cut
 * mid-line (a crash, a full disk) gets the new run on a line of its own: the torn line is left apart,
 * and readHistory skips it.
 */
export async function appendHistory(root: string, run: HistoryRun): Promise<void> {
  const file = historyPath(root);
  const torn = await endsMidLine(file);
  await appendLine(file, `${torn ? '\n' : ''}${JSON.stringify(run)}`);
}

async function endsMidLine(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/**
 * Past runs, oldest first (the last `limit` when given). Lines that do not parse (a crash mid-write
 * on a full disk) are left out.
 */
export async function readHistory(
  root: string,
  limit?: number,
  onProblem?: (message: string) => void,
): Promise<HistoryRun[]> {
  let text: string;
  try {
    text = await fs.readFile(historyPath(root), 'utf8');
  } catch {
    return [];
  }
  const runs: HistoryRun[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const run = JSON.parse(line) as HistoryRun;
      if (run && run.version === 1 && Array.isArray(run.images)) runs.push(run);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  if (skipped > 0)
    onProblem?.(
      `${historyPath(root)}: ${skipped} line${skipped === 1 ? '' : 's'} that are not a run left out`,
    );
  return limit !== undefined && limit >= 0 ? runs.slice(Math.max(0, runs.length - limit)) : runs;
}

/** Build times that count for an estimate: the last `window` real builds of each image. */
export interface Estimate {
  /** Median duration of the image's last builds. */
  durationMs: number;
  /** Median step count, for "step N/M" before the engine says M. */
  steps?: number;
  samples: number;
}

/** The median of the last `window` successful builds per image, for ETAs. */
export function estimateDurations(runs: HistoryRun[], window = 5): Record<string, Estimate> {
  const samples = new Map<string, ImageRun[]>();
  for (const run of runs) {
    for (const image of run.images) {
      if (image.status !== 'built') continue;
      const list = samples.get(image.id) ?? [];
      list.push(image);
      samples.set(image.id, list);
    }
  }
  const out: Record<string, Estimate> = {};
  for (const [id, list] of samples) {
    const last = list.slice(-window);
    const steps = last.filter((r) => r.steps && r.steps.length > 0).map((r) => r.steps!.length);
    out[id] = {
      durationMs: median(last.map((r) => r.durationMs)),
      ...(steps.length > 0 ? { steps: median(steps) } : {}),
      samples: last.length,
    };
  }
  return out;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}
