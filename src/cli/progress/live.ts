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

/** Without a terminal: timestamped lines, nothing redrawn. */
export function createPlainView(stream: NodeJS.WritableStream, options: ViewOptions): ProgressView {
  return {
    onEvent(event) {
      const line = renderPlainEvent(event, new Date(), options.colors);
      if (line !== undefined) stream.write(`${line}\n`);
    },
    stop() {},
  };
}
