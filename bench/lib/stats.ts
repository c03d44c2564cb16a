import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** `--name N` from the command line, or the fallback. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `median X ms over N runs (min A, max B)`. */
export function describeTimes(times: number[]): string {
  return (
    `median ${Math.round(median(times))} ms over ${times.length} runs ` +
    `(min ${Math.round(Math.min(...times))}, max ${Math.round(Math.max(...times))})`
  );
}

/**
 * Wall time of a whole process, as a user runs it (Node start-up and module loading included), over
 * `runs` runs after one warm-up. Output is discarded; a non-zero exit status is reported, not thrown.
 */
export function timeProcess(
  command: string,
  args: string[],
  runs: number,
): { times: number[]; status: number | null } {
  let status: number | null = 0;
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const r = spawnSync(command, args, { stdio: 'ignore' });
    const ms = performance.now() - start;
    status = r.status;
    if (i > 0) times.push(ms);
  }
  return { times, status };
}
