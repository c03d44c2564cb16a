export * from './arg-key.js';
export * from './history.js';
export * from './noop-stamp.js';
export * from './paths.js';
export * from './state.js';
