export { buildGraph, type GraphInput } from './build.js';
export { idFromPath, idFromTag } from './ids.js';
export { SCAN_JSON_VERSION, type ScanJson, type ScanJsonImage, toScanJson } from './json.js';
export { type GraphLookup, graphLookup } from './lookup.js';
export { dockerfileKey, remoteDockerfilePath } from './merge.js';
export { type Ordering, order } from './order.js';
export { toDot, toMermaid } from './render.js';
export { UNREAD_DEFINITION_CODES, unreadDefinitions } from './unread-definitions.js';
