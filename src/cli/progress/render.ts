import type { ImageResult, SchedulerEvent } from '../../build/scheduler.js';
import { parseStepLabel } from '../../engine/progress/plain.js';
import { formatBytes } from '../../util/fs.js';
import type { Colors } from '../output.js';
import { clock, formatDuration, percent, truncate } from './format.js';
import type { ProgressState } from './state.js';

export interface LiveRenderOptions {
  /** Terminal width. */
  width: number;
  colors: Colors;
  /** Expected build time per image id (from earlier runs), for the ETA. */
  estimates?: Record<string, number>;
  /** Spinner frame index. */
  frame?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The live view: one line per running image (step N/M, current instruction, elapsed, ETA) and a
 * last line counting done, running and waiting images. `now` is milliseconds since the run started.
 */
export function renderLive(state: ProgressState, now: number, options: LiveRenderOptions): string[] {
  const c = options.colors;
  const running = state.order.map((id) => state.images.get(id)).filter((i) => i?.phase === 'running');
  const idWidth = Math.min(24, Math.max(4, ...running.map((i) => i?.id.length ?? 0)));
  const spin = SPINNER[(options.frame ?? 0) % SPINNER.length] ?? ' ';
  const lines: string[] = [];
  for (const img of running) {
    if (!img) continue;
    const elapsed = now - (img.startedAt ?? now);
    const estimate = options.estimates?.[img.id];
    const eta =
      estimate === undefined
        ? ''
        : elapsed < estimate
          ? ` ~${formatDuration(estimate - elapsed)} left`
          : ' (over estimate)';
    const step =
      img.action === 'reuse'
        ? 'pulling'
        : img.step !== undefined
          ? `step ${img.step}/${img.total ?? '?'}`
          : 'starting';
    const head = `${spin} ${img.id.padEnd(idWidth)} ${step.padEnd(10)} ${formatDuration(elapsed).padStart(6)}${eta}`;
    const room = options.width - [...head].length - 2;
    const instruction = room > 8 && img.instruction ? `  ${truncate(img.instruction, room)}` : '';
    lines.push(`${c.cyan(spin)}${head.slice(spin.length)}${instruction ? c.dim(instruction) : ''}`);
  }
  const all = [...state.images.values()];
  const done = all.filter((i) => i.phase === 'done');
  const failed = done.filter((i) => i.result?.status === 'failed').length;
  const waiting = all.filter((i) => i.phase === 'waiting').length;
  const summary = [
    `${done.length}/${all.length} done`,
    failed ? c.red(`${failed} failed`) : undefined,
    `${running.length} running`,
    waiting ? `${waiting} waiting` : undefined,
    formatDuration(now),
  ]
    .filter(Boolean)
    .join(c.dim(' · '));
  lines.push(summary);
  return lines;
}

/** The line that says how an image ended, for both views. */
export function renderFinish(result: ImageResult, c: Colors): string {
  const time = result.durationMs > 0 ? ` in ${formatDuration(result.durationMs)}` : '';
  switch (result.status) {
    case 'built': {
      const cached = result.cachedShare !== undefined ? `, ${percent(result.cachedShare)} cached` : '';
      const size = result.size !== undefined ? `, ${formatBytes(result.size)}` : '';
      return `${c.green('✔')} ${result.id} built${time}${size}${cached}`;
    }
    case 'reused':
      return `${c.green('✔')} ${result.id} reused${result.reason ? ` ${result.reason}` : ''}${time}`;
    case 'skipped':
      return `${c.dim('-')} ${result.id} skipped${result.reason ? c.dim(`: ${result.reason}`) : ''}`;
    case 'cancelled':
      return `${c.yellow('■')} ${result.id} cancelled${result.reason ? c.dim(`: ${result.reason}`) : ''}`;
    case 'failed': {
      const step = result.failure?.step ? ` at ${result.failure.step}` : '';
      return `${c.red('✖')} ${result.id} failed${step}${time}`;
    }
  }
}

/**
 * One timestamped line per thing worth seeing when there is no terminal (CI logs, `--progress plain`):
 * image start, each step start (and cache hit), step errors, image end. Undefined for the rest.
 */
export function renderPlainEvent(event: SchedulerEvent, wall: Date, c: Colors): string | undefined {
  const ts = c.dim(clock(wall));
  if (event.type === 'image-start')
    return `${ts} ${event.id}: ${event.action === 'reuse' ? 'pulling from registry' : 'build started'}`;
  if (event.type === 'image-finish') return `${ts} ${renderFinish(event.result, c)}`;
  const ev = event.event;
  if (ev.type === 'step-start' && ev.step !== undefined) return `${ts} ${event.id}: ${ev.name}`;
  if (ev.type === 'step-cached' && ev.step !== undefined)
    return `${ts} ${event.id}: ${c.dim(`CACHED ${parseStepLabel(ev.name).instruction}`)}`;
  if (ev.type === 'step-error' && ev.message !== 'canceled')
    return `${ts} ${event.id}: ${c.red(`ERROR ${ev.message}`)}`;
  return undefined;
}
