import type { ContainerSpec } from '../engine/container.js';
import type { ImageConfig } from '../engine/inspect.js';
import type { Image, ImageGraph } from '../model/graph.js';
import type { TestStatus } from './result.js';
import type { TestFile } from './schema.js';
import type { VerifySession } from './session.js';

/** What a check gets: the image, its inspected config, the test file, and the run's shared containers. */
export interface CheckContext {
  session: VerifySession;
  /** The reference containers are made from. */
  ref: string;
  config: ImageConfig;
  tests: TestFile;
  /** The family image, when the image was named through the graph. */
  image?: Image;
  graph?: ImageGraph;
  /** Aborted on interrupt and at the test's timeout. */
  signal: AbortSignal;
  /** A created (never started) container of the image, shared by the file tests; made on first use. */
  filesContainer(): Promise<string>;
  /**
   * A container started with the image's own entrypoint and command, probing its HEALTHCHECK every
   * `probeIntervalMs` and publishing `ports` on free loopback ports; shared by health and port tests.
   */
  serviceContainer(): Promise<string>;
}

/** A check's verdict; the runner adds kind, name, timing and place. */
export interface CheckOutcome {
  status: TestStatus;
  errors: string[];
  reason?: string;
  stdout?: string;
  stderr?: string;
}

export function verdict(errors: string[], extra: Partial<CheckOutcome> = {}): CheckOutcome {
  return { status: errors.length === 0 ? 'passed' : 'failed', errors, ...extra };
}

/**
 * The container for a command of a test file: CST's docker driver clears the ENTRYPOINT (unless
 * `keepEntrypoint`), sets the test's environment and the file's containerRunOptions.
 */
export function commandSpec(
  ctx: CheckContext,
  image: string,
  command: string[],
  env: string[],
): ContainerSpec {
  const o = ctx.tests.containerRunOptions;
  const spec: ContainerSpec = {
    image,
    name: ctx.session.containerName(),
    labels: ctx.session.labels,
    cmd: command,
    env: [...env, ...o.envVars],
  };
  if (!o.keepEntrypoint) spec.entrypoint = '';
  if (o.user !== undefined) spec.user = o.user;
  if (o.privileged) spec.privileged = true;
  if (o.capabilities.length > 0) spec.capAdd = o.capabilities;
  if (o.bindMounts.length > 0) spec.binds = o.bindMounts;
  if (o.allocateTty) spec.tty = true;
  if (o.envFile) spec.envFile = o.envFile;
  return spec;
}
