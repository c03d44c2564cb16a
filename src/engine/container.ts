import { extract, type Header } from 'tar-stream';
import { EngineError } from '../model/errors.js';
import { clientCandidates } from './detect.js';
import { type DockerTarget, type ExecResult, execDocker } from './exec.js';
import { type ImageConfig, parseImageConfig, parseInspectBatch } from './inspect.js';

/**
 * Containers for tests: create, run, copy a path out, inspect, remove. Every call goes through
 * execDocker; the argv builders are pure so tests can assert them.
 */

/** The Docker client for container calls: STRATA_DOCKER, else `docker` on PATH, else /usr/bin/docker. */
export function containerTarget(env: NodeJS.ProcessEnv = process.env): DockerTarget {
  return { binary: clientCandidates(env)[0] ?? 'docker' };
}

/** How one container is made. Mirrors the flags of `docker run` / `docker create` it turns into. */
export interface ContainerSpec {
  image: string;
  name: string;
  labels?: Record<string, string>;
  /** `''` clears the image's ENTRYPOINT (`--entrypoint ''`); a path replaces it; undefined keeps it. */
  entrypoint?: string;
  /** The command (CMD) after the image name; undefined keeps the image's CMD. */
  cmd?: string[];
  /** `KEY=VALUE` pairs, or a bare `KEY` that docker takes from its own environment (values stay off argv). */
  env?: string[];
  envFile?: string;
  user?: string;
  privileged?: boolean;
  capAdd?: string[];
  /** `host:container[:opts]` bind mounts (`-v`). */
  binds?: string[];
  tty?: boolean;
  /** `--gpus` value (e.g. `all`). */
  gpus?: string;
  /** `-p` values, e.g. `127.0.0.1::8000` (a free host port). */
  publish?: string[];
  network?: string;
  /** `--health-interval` (Go duration): how often a started container runs its HEALTHCHECK. */
  healthInterval?: string;
  healthStartPeriod?: string;
}

/** Flags of `docker run` / `docker create` for a spec, then the image and its command. */
export function containerArgs(spec: ContainerSpec): string[] {
  const args = ['--name', spec.name];
  for (const [k, v] of Object.entries(spec.labels ?? {})) args.push('--label', `${k}=${v}`);
  if (spec.entrypoint !== undefined) args.push('--entrypoint', spec.entrypoint);
  for (const e of spec.env ?? []) args.push('--env', e);
  if (spec.envFile) args.push('--env-file', spec.envFile);
  if (spec.user !== undefined) args.push('--user', spec.user);
  if (spec.privileged) args.push('--privileged');
  for (const cap of spec.capAdd ?? []) args.push('--cap-add', cap);
  for (const b of spec.binds ?? []) args.push('--volume', b);
  if (spec.tty) args.push('--tty');
  if (spec.gpus) args.push('--gpus', spec.gpus);
  for (const p of spec.publish ?? []) args.push('--publish', p);
  if (spec.network) args.push('--network', spec.network);
  if (spec.healthInterval) args.push('--health-interval', spec.healthInterval);
  if (spec.healthStartPeriod) args.push('--health-start-period', spec.healthStartPeriod);
  args.push(spec.image, ...(spec.cmd ?? []));
  return args;
}

export interface ContainerCallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

function callOptions(o: ContainerCallOptions): { timeoutMs?: number; signal?: AbortSignal; graceMs: number } {
  return {
    graceMs: 2_000,
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

/**
 * `docker run` in the foreground; the result carries stdout, stderr and the exit code. `remove` adds
 * `--rm`. A timed-out or aborted run leaves the container for the caller to remove by name.
 */
export function runContainer(
  target: DockerTarget,
  spec: ContainerSpec,
  options: ContainerCallOptions & { remove?: boolean } = {},
): Promise<ExecResult> {
  const args = ['run', ...(options.remove === false ? [] : ['--rm']), ...containerArgs(spec)];
  return execDocker(target, args, callOptions(options));
}

/** `docker run --detach`: starts the container with its own entrypoint and command; resolves when started. */
export function startContainer(
  target: DockerTarget,
  spec: ContainerSpec,
  options: ContainerCallOptions = {},
): Promise<ExecResult> {
  return execDocker(target, ['run', '--detach', ...containerArgs(spec)], callOptions(options));
}

/** `docker create`: a container that is never started, for reading files out of the image. */
export function createContainer(
  target: DockerTarget,
  spec: ContainerSpec,
  options: ContainerCallOptions = {},
): Promise<ExecResult> {
  return execDocker(target, ['create', ...containerArgs(spec)], callOptions(options));
}

/** `docker commit NAME TAG` (the setup commands of a test become an image). */
export function commitContainer(target: DockerTarget, name: string, tag: string): Promise<ExecResult> {
  return execDocker(target, ['commit', name, tag], { timeoutMs: 300_000 });
}

/** `docker rm --force --volumes NAMES...`; names that do not exist are no error. */
export async function removeContainers(target: DockerTarget, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await execDocker(target, ['rm', '--force', '--volumes', ...names], { timeoutMs: 60_000 });
}

/** `docker image rm --force REFS...`; refs that do not exist are no error. */
export async function removeImages(target: DockerTarget, refs: string[]): Promise<void> {
  if (refs.length === 0) return;
  await execDocker(target, ['image', 'rm', '--force', ...refs], { timeoutMs: 60_000 });
}

/** Names of the containers, running or not, that carry a label (`key=value`). */
export async function containersWithLabel(target: DockerTarget, label: string): Promise<string[]> {
  const r = await execDocker(target, ['ps', '--all', '--quiet', '--filter', `label=${label}`], {
    timeoutMs: 60_000,
  });
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** What `docker inspect` says of a container's state (Engine API ContainerState, API 1.41). */
export interface ContainerState {
  status: string;
  running: boolean;
  exitCode: number;
  /** Health status (`starting`, `healthy`, `unhealthy`) when the image declares a HEALTHCHECK. */
  health?: { status: string; lastOutput?: string; lastExitCode?: number; failingStreak: number };
}

/** Parses `docker container inspect --format '{{json .State}}'` output. Undefined when unreadable. */
export function parseContainerState(text: string): ContainerState | undefined {
  let raw: {
    Status?: string;
    Running?: boolean;
    ExitCode?: number;
    Health?: { Status?: string; FailingStreak?: number; Log?: { ExitCode?: number; Output?: string }[] };
  };
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const state: ContainerState = {
    status: raw.Status ?? '',
    running: raw.Running === true,
    exitCode: raw.ExitCode ?? 0,
  };
  if (raw.Health?.Status) {
    const last = raw.Health.Log?.[raw.Health.Log.length - 1];
    state.health = { status: raw.Health.Status, failingStreak: raw.Health.FailingStreak ?? 0 };
    if (last?.Output !== undefined) state.health.lastOutput = last.Output;
    if (last?.ExitCode !== undefined) state.health.lastExitCode = last.ExitCode;
  }
  return state;
}

export async function inspectContainerState(
  target: DockerTarget,
  name: string,
): Promise<ContainerState | undefined> {
  const r = await execDocker(target, ['container', 'inspect', '--format', '{{json .State}}', name], {
    timeoutMs: 30_000,
  });
  return r.code === 0 ? parseContainerState(r.stdout.trim()) : undefined;
}

/** `docker port NAME PORT/tcp`: the first `host:port` it is published on, or undefined. */
export async function publishedPort(
  target: DockerTarget,
  name: string,
  port: string,
): Promise<string | undefined> {
  const r = await execDocker(target, ['port', name, port.includes('/') ? port : `${port}/tcp`], {
    timeoutMs: 30_000,
  });
  const line = r.stdout.split('\n').find((l) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(l.trim()));
  return line?.trim();
}

/** Runtime names the engine knows (`docker info`), e.g. `runc`, `nvidia`. */
export async function engineRuntimes(target: DockerTarget): Promise<string[]> {
  const r = await execDocker(target, ['info', '--format', '{{json .Runtimes}}'], { timeoutMs: 30_000 });
  if (r.code !== 0) return [];
  try {
    return Object.keys(JSON.parse(r.stdout) as Record<string, unknown>);
  } catch {
    return [];
  }
}

/** A path's tar header as `docker cp` reports it. */
export interface PathStat {
  /** Permission and type bits (st_mode), as in the tar header. */
  mode: number;
  uid: number;
  gid: number;
  type: NonNullable<Header['type']>;
  linkname?: string;
  size: number;
}

export interface CopiedPath {
  stat: PathStat;
  /** The file's bytes when asked for (regular files), at most `maxBytes`. */
  content?: Buffer;
}

/**
 * Reads one path out of a container (started or not) with `docker cp CONTAINER:PATH -`: the tar stream's
 * first entry gives its mode and owner; for a file, its content. The stream is cut after that entry, so a
 * directory (even `/`) costs one header. Undefined when the path does not exist. `follow` resolves a final
 * symbolic link (`docker cp -L`).
 */
export function copyPathFromContainer(
  target: DockerTarget,
  container: string,
  path: string,
  options: { content?: boolean; follow?: boolean; maxBytes?: number; timeoutMs?: number } = {},
): Promise<CopiedPath | undefined> {
  const stop = new AbortController();
  const tar = extract();
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  let found: CopiedPath | undefined;
  let streamError: Error | undefined;
  const finished = new Promise<void>((resolve) => {
    tar.on('entry', (header, stream, next) => {
      if (found) {
        stream.resume();
        next();
        return;
      }
      const stat: PathStat = {
        mode: header.mode ?? 0,
        uid: header.uid ?? 0,
        gid: header.gid ?? 0,
        type: header.type ?? 'file',
        size: header.size ?? 0,
      };
      if (header.linkname) stat.linkname = header.linkname;
      if (!options.content || stat.type !== 'file') {
        found = { stat };
        stream.resume();
        stop.abort();
        resolve();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: unknown) => {
        const chunk = c as Buffer;
        if (size < maxBytes) chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('end', () => {
        found = { stat, content: Buffer.concat(chunks).subarray(0, maxBytes) };
        stop.abort();
        resolve();
      });
    });
    tar.on('finish', () => resolve());
    tar.on('error', (e: Error) => {
      streamError = e;
      resolve();
    });
  });
  const args = ['cp', ...(options.follow ? ['--follow-link'] : []), `${container}:${path}`, '-'];
  const run = execDocker(target, args, {
    signal: stop.signal,
    graceMs: 1_000,
    timeoutMs: options.timeoutMs ?? 120_000,
    onStdoutBytes: (chunk) => {
      if (!stop.signal.aborted) tar.write(chunk);
    },
  });
  return run.then(async (result) => {
    if (!found && !result.aborted) tar.end(() => undefined);
    if (!found && !result.aborted) await finished;
    if (found) return found;
    if (
      result.code !== 0 &&
      /Could not find the file|No such container:path|No such file|not found/i.test(result.stderr)
    )
      return undefined;
    if (result.timedOut) throw new Error(`docker cp ${path}: timed out`);
    if (result.code !== 0)
      throw new Error(`docker cp ${path}: ${result.stderr.trim() || `exit ${result.code}`}`);
    if (streamError) throw new Error(`docker cp ${path}: ${streamError.message}`);
    return undefined;
  });
}

/** Image configs of several refs in one `docker image inspect` call; a ref not on the engine maps to undefined. */
export async function inspectImageConfigs(
  target: DockerTarget,
  refs: string[],
): Promise<Map<string, ImageConfig | undefined>> {
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Map();
  const r = await execDocker(target, ['image', 'inspect', '--format', '{{json .}}', ...unique], {
    timeoutMs: 120_000,
  });
  if (r.code !== 0 && !/No such image|No such object/i.test(r.stderr)) {
    throw new EngineError(
      /Cannot connect to the Docker daemon|error during connect/i.test(r.stderr)
        ? 'STRATA_ENGINE_UNREACHABLE'
        : 'STRATA_ENGINE_FAILED',
      `docker image inspect: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`,
      'start the engine (bash scripts/engine.sh) or check DOCKER_HOST / --context',
    );
  }
  return parseInspectBatch(unique, r.stdout, r.stderr, parseImageConfig);
}
