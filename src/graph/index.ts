export { buildGraph, type GraphInput } from './build.js';
export { idFromPath, idFromTag } from './ids.js';
export { order, type Ordering } from './order.js';
export { SCAN_JSON_VERSION, type ScanJson, type ScanJsonImage, toScanJson } from './json.js';
export { dockerfileKey } from './merge.js';
export { toDot, toMermaid } from './render.js';
