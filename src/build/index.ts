export { type CarryOutOptions, carryOutPlan } from './carry-out.js';
export { COPIED_SECRET_RULE, copiedSecrets } from './copied-secrets.js';
export {
  type DiagnoseContext,
  type Diagnosis,
  type DiagnosisHint,
  type DistroInfo,
  diagnose,
} from './diagnose.js';
export { probeForDiagnosis } from './probe.js';
export { IMAGE_LABEL, logFileFor, requestFor, resolveNamedContext } from './request.js';
export {
  type BuildRunResult,
  type ImageResult,
  type ImageStatus,
  type RunBuildOptions,
  runBuild,
  type SchedulerEvent,
} from './scheduler.js';
export { type StampInput, stampAfterBuild } from './stamp.js';
