import type { SchedulerEvent } from '../../build/scheduler.js';
import type { Colors } from '../output.js';
import { renderFinish, renderLive, renderPlainEvent } from './render.js';
import { applyEvent, createProgressState, type ProgressState } from './state.js';

export interface ProgressView {
  onEvent(event: SchedulerEvent): void;
  /** Stops redrawing and leaves the screen clean. */
  stop(): void;
}

export interface ViewOptions {
  colors: Colors;
  ids: string[];
  estimates?: Record<string, number>;
}

/**
 * On a terminal: finished images scroll up as one line each, and below them the running images are
 * redrawn in place about ten times a second (cursor up, clear to end of screen).
 */
export function createLiveView(stream: NodeJS.WriteStream, options: ViewOptions): ProgressView {
  const state: ProgressState = createProgressState(options.ids);
  const t0 = Date.now();
  let drawn = 0;
  let frame = 0;
  const clear = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}F\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    const lines = renderLive(state, Date.now() - t0, {
      width: stream.columns || 100,
      colors: options.colors,
      estimates: options.estimates ?? {},
      frame: frame++,
    });
    clear();
    stream.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  stream.write('\x1b[?25l');
  return {
    onEvent(event) {
      applyEvent(state, event);
      if (event.type === 'image-finish') {
        clear();
        stream.write(`${renderFinish(event.result, options.colors)}\n`);
        draw();
      }
    },
    stop() {
      clearInterval(timer);
      clear();
      stream.write('\x1b[?25h');
    },
  };
}

/** How long a step's start line waits for BuildKit to say the step is CACHED (then only that is shown). */
const CACHED_GRACE_MS = 150;

/**
 * Without a terminal: timestamped lines, nothing redrawn. A step served from cache shows as one
 * `CACHED` line, not a start line followed by it.
 */
export function createPlainView(stream: NodeJS.WritableStream, options: ViewOptions): ProgressView {
  const pending = new Map<string, { line: string; timer: NodeJS.Timeout }>();
  const print = (line: string | undefined) => {
    if (line !== undefined) stream.write(`${line}\n`);
  };
  const flush = (key: string) => {
    const p = pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    pending.delete(key);
    print(p.line);
  };
  const flushImage = (id: string) => {
    for (const key of [...pending.keys()]) if (key.startsWith(`${id}\0`)) flush(key);
  };
  return {
    onEvent(event) {
      const line = renderPlainEvent(event, new Date(), options.colors);
      if (event.type !== 'image-progress') {
        flushImage(event.id);
        print(line);
        return;
      }
      const key = `${event.id}\0${event.event.vertex}`;
      if (event.event.type === 'step-start' && line !== undefined) {
        const timer = setTimeout(() => flush(key), CACHED_GRACE_MS);
        pending.set(key, { line, timer });
        return;
      }
      if (event.event.type === 'step-cached') {
        const p = pending.get(key);
        if (p) clearTimeout(p.timer);
        pending.delete(key);
      } else {
        flush(key);
      }
      print(line);
    },
    stop() {
      for (const key of [...pending.keys()]) flush(key);
    },
  };
}
