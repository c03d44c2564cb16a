import type { DockerStream } from './exec.js';
/**
 * The engine client: every call to Docker goes through one implementation of this interface
 * (src/engine/), which runs the Docker CLI: `docker buildx build` when buildx is there, otherwise
 * `DOCKER_BUILDKIT=1 docker build`.
 */

export interface EngineInfo {
  reachable: boolean;
  /** The docker CLI binary used. */
  client: string;
  clientVersion?: string;
  serverVersion?: string;
  buildx: boolean;
  buildxVersion?: string;
  /** BuildKit builds are possible (buildx, or a client with built-in BuildKit). */
  buildkit: boolean;
  /** DOCKER_HOST / --context / --builder in use. */
  host?: string;
  context?: string;
  builder?: string;
  error?: string;
  /** How builds run: `buildx` (docker buildx build), `classic-buildkit` (DOCKER_BUILDKIT=1 docker build), `none`. */
  buildMode?: 'buildx' | 'classic-buildkit' | 'none';
  /** Why this client was chosen over the other candidates, one line each. */
  clientNotes?: string[];
}

export interface BuildRequest {
  /** Absolute path; `-` with dockerfileText; for a remote context, the path inside that context. */
  dockerfile: string;
  /** The Dockerfile's text, for inline Dockerfiles (compose `dockerfile_inline`): sent on stdin, `--file -`. */
  dockerfileText?: string;
  context: string;
  target?: string;
  args: Record<string, string>;
  tags: string[];
  labels: Record<string, string>;
  platform?: string;
  /** `id=x,src=path` values for --secret. */
  secrets?: string[];
  /** `default` or `id=path` values for --ssh. */
  ssh?: string[];
  cacheFrom?: string[];
  cacheTo?: string[];
  network?: string;
  /** Named contexts: name -> path, `docker-image://ref` or `target:`-free value (buildx only). */
  namedContexts?: Record<string, string>;
  noCache?: boolean;
  pull?: boolean;
}

export type BuildEvent =
  | { type: 'step-start'; vertex: string; step?: number; total?: number; name: string; at: number }
  | { type: 'step-cached'; vertex: string; step?: number; total?: number; name: string; at: number }
  | { type: 'step-done'; vertex: string; durationMs: number; at: number }
  | { type: 'step-error'; vertex: string; message: string; at: number }
  | { type: 'log'; vertex: string; text: string; at: number };

export interface StepRecord {
  name: string;
  step?: number;
  total?: number;
  cached: boolean;
  durationMs: number;
  error?: string;
}

export interface BuildOutcome {
  ok: boolean;
  imageId?: string;
  durationMs: number;
  steps: StepRecord[];
  /** Last lines of the log, for diagnosis. */
  logTail: string[];
  /** Why it failed (exit code, stall, interrupt). */
  failure?: {
    kind: 'error' | 'stalled' | 'prompt' | 'interrupted';
    message: string;
    step?: string;
    exitCode?: number;
  };
}

export interface BuildOptions {
  onEvent?: (event: BuildEvent) => void;
  signal?: AbortSignal;
  /** Stop a step that prints nothing for this long. */
  stallTimeoutMs?: number;
  /** Full log written here. */
  logFile?: string;
  /** Stop a build that printed an interactive prompt and then nothing for this long (default 30 s, 0 = off). */
  promptTimeoutMs?: number;
}

/** Result of running a command in a throwaway container of an image. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
  size: number;
  created: string;
  user?: string;
  healthcheck?: string[];
}

export interface EngineClient {
  info(): Promise<EngineInfo>;
  build(request: BuildRequest, options?: BuildOptions): Promise<BuildOutcome>;
  /** undefined when the image is not present locally. */
  inspectImage(ref: string): Promise<ImageDetails | undefined>;
  /** Several images in one engine call; each ref maps to undefined when it is not present locally. */
  inspectImages?(refs: string[]): Promise<Map<string, ImageDetails | undefined>>;
  tag(source: string, target: string): Promise<void>;
  push(ref: string): Promise<void>;
  /** false when the registry does not have it. */
  pull(ref: string): Promise<boolean>;
  removeImage(ref: string): Promise<void>;
  /** Disk used by images and build cache (`docker system df`). */
  diskUsage(): Promise<{ images: number; buildCache: number; containers: number; volumes: number }>;
  /** `docker run --rm --network none? IMAGE cmd...`: used by diagnosis to ask a base image about itself. */
  runInImage?(
    image: string,
    command: string[],
    options?: { timeoutMs?: number; network?: boolean },
  ): Promise<RunResult>;
  /**
   * `docker save REFS...`: the engine's image export (legacy layout on Docker <= 24, OCI image layout on
   * 25+) as a byte stream, never held in memory. `done` rejects nothing: read its exit code.
   */
  saveImages?(refs: string[]): Promise<DockerStream>;
}
