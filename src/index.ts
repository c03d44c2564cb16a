/**
 * strata's library API. The CLI (src/cli/) is a thin layer over these functions; anything the CLI does can
 * be driven from code.
 */
export { bakeTargetNames, toBakeFile } from './bake/index.js';
export {
  type BuildRunResult,
  type CarryOutOptions,
  carryOutPlan,
  type Diagnosis,
  diagnose,
  type ImageResult,
  type ImageStatus,
  type RunBuildOptions,
  runBuild,
} from './build/index.js';
export { discover, loadDockerignore } from './discover/index.js';
export { parseDockerfile, parseImageRef, resolveDockerfile } from './dockerfile/index.js';
export { createEngine, type EngineOptions, runDoctor } from './engine/index.js';
export type * from './engine/types.js';
export {
  buildGraph,
  SCAN_JSON_VERSION,
  type ScanJson,
  type ScanJsonImage,
  toDot,
  toMermaid,
  toScanJson,
} from './graph/index.js';
export * from './lint/index.js';
export type * from './model/definition.js';
export { type Diagnostic, type Severity, sortDiagnostics } from './model/diagnostic.js';
export type * from './model/dockerfile.js';
export { EngineError, StrataError, UsageError } from './model/errors.js';
export type * from './model/graph.js';
export type * from './model/plan.js';
export {
  type ComputedPlan,
  type ComputePlanOptions,
  computePlan,
  createPlanHooks,
  decide,
  fingerprintImage,
  type PlanJson,
  planToJson,
  renderPlan,
} from './plan/index.js';
export { type ScanOptions, type ScanResult, scan, scanRepository } from './scan.js';
export { appendHistory, readHistory } from './state/index.js';
