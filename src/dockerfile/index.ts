export { commandName, hasFlag, parseShell, type ShellCommand, type ShellOperator } from '../util/shell.js';
export { DF as DOCKERFILE_CODES } from './codes.js';
export {
  type ContextReach,
  cleanSource,
  contextBindMounts,
  contextReach,
  joinReach,
  onbuildReach,
  reachOf,
} from './copy-sources.js';
export {
  type ExpandOptions,
  type ExpandResult,
  expand,
  hasVariable,
  unquote,
  type Variables,
} from './expand.js';
export { canonicalImageRef, DEFAULT_REGISTRY, familiarName, parseImageRef } from './imageRef.js';
export { type KeyValue, type KeyValueResult, parseArgPairs, parseNameValuePairs } from './keyValue.js';
export { parseMount } from './mount.js';
export {
  MAX_DOCKERFILE_CHARS,
  type ParseOptions,
  parseDockerfile,
  parseDockerfileWithPath,
} from './parse.js';
export { DEFAULT_PLATFORM, platformArgs } from './platformArgs.js';
export { resolveDockerfile, stageEdges } from './resolve.js';
export { type SegmentGap, type SegmentPath, segmentGap } from './segment.js';
export { envDeclarations, labelPairs, mounts } from './views.js';
