export { clock, formatDuration, parseDuration, percent, truncate } from './format.js';
export { createLiveView, createPlainView, type ProgressView, type ViewOptions } from './live.js';
export { type LiveRenderOptions, renderFinish, renderLive, renderPlainEvent } from './render.js';
export { applyEvent, createProgressState, type ImageProgress, type ProgressState } from './state.js';
export { renderFailures, renderSummary, summaryJson } from './summary.js';
