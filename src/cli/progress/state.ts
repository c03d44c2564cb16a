import type { ImageResult, SchedulerEvent } from '../../build/scheduler.js';
import { parseStepLabel } from '../../engine/progress/plain.js';

/** What the progress views show of one image. */
export interface ImageProgress {
  id: string;
  phase: 'waiting' | 'running' | 'done';
  action?: 'build' | 'reuse';
  /** Milliseconds since the run started. */
  startedAt?: number;
  step?: number;
  total?: number;
  /** The instruction of the step that started last (`RUN pip install ...`). */
  instruction?: string;
  /** Steps finished so far, and how many of them came from cache. */
  stepsDone: number;
  stepsCached: number;
  result?: ImageResult;
}

export interface ProgressState {
  images: Map<string, ImageProgress>;
  /** Image ids in the order they started. */
  order: string[];
}

export function createProgressState(ids: string[] = []): ProgressState {
  const images = new Map<string, ImageProgress>();
  for (const id of ids) images.set(id, { id, phase: 'waiting', stepsDone: 0, stepsCached: 0 });
  return { images, order: [] };
}

/** Folds one scheduler event into the state (mutates and returns it). */
export function applyEvent(state: ProgressState, event: SchedulerEvent): ProgressState {
  let image = state.images.get(event.id);
  if (!image) {
    image = { id: event.id, phase: 'waiting', stepsDone: 0, stepsCached: 0 };
    state.images.set(event.id, image);
  }
  switch (event.type) {
    case 'image-start':
      image.phase = 'running';
      image.action = event.action;
      image.startedAt ??= event.at;
      if (!state.order.includes(event.id)) state.order.push(event.id);
      break;
    case 'image-progress': {
      const ev = event.event;
      if (ev.type === 'step-start' && ev.step !== undefined) {
        image.step = ev.step;
        if (ev.total !== undefined) image.total = ev.total;
        image.instruction = parseStepLabel(ev.name).instruction;
      } else if (ev.type === 'step-cached' && ev.step !== undefined) {
        image.stepsDone++;
        image.stepsCached++;
      } else if (ev.type === 'step-done') {
        image.stepsDone++;
      }
      break;
    }
    case 'image-finish':
      image.phase = 'done';
      image.result = event.result;
      if (!state.order.includes(event.id)) state.order.push(event.id);
      break;
  }
  return state;
}
