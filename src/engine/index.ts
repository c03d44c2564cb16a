export { type BuildArgvOptions, type BuildCommand, buildCommand } from './argv.js';
export { createEngine, type EngineOptions, isNotInRegistry } from './client.js';
export { type BuildMode, type ClientChoice, type ClientProbe, chooseClient, detectClient } from './detect.js';
export { type DoctorCheck, type DoctorReport, runDoctor } from './doctor.js';
export {
  type DockerTarget,
  type ExecOptions,
  type ExecResult,
  execDocker,
  setEngineDebugListener,
} from './exec.js';
export { type DiskUsage, parseHumanSize, parseImageInspect, parseSystemDf } from './inspect.js';
export * from './progress/index.js';
export type * from './types.js';
export { matchPrompt, Watchdog, type WatchdogOptions, type WatchdogTrip } from './watchdog.js';
