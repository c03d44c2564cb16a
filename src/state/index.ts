export * from './history.js';
export * from './paths.js';
export * from './state.js';
