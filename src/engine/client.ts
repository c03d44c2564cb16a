import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../model/errors.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../util/fs.js';
import { buildCommand } from './argv.js';
import { type BuildMode, type ClientChoice, clientCandidates, detectClient } from './detect.js';
import {
  type DockerTarget,
  type ExecResult,
  execDocker,
  formatArgv,
  LineSplitter,
  streamDocker,
} from './exec.js';
import { parseImageInspect, parseInspectBatch, parseSystemDf } from './inspect.js';
import { createProgressParser, failedStep, summarizeSteps } from './progress/index.js';
import type {
  BuildEvent,
  BuildOptions,
  BuildOutcome,
  BuildRequest,
  EngineClient,
  EngineInfo,
  ImageDetails,
  RunResult,
} from './types.js';
import { Watchdog, type WatchdogTrip } from './watchdog.js';

export interface EngineOptions {
  /** The docker CLI to use; chosen by probing (see detect.ts) when absent. */
  binary?: string;
  /** DOCKER_HOST for every call. */
  host?: string;
  /** `docker --context NAME`. */
  context?: string;
  /** `docker buildx build --builder NAME` (buildx only). */
  builder?: string;
  /** Force a build mode instead of probing for it. */
  mode?: Exclude<BuildMode, 'none'>;
  /** Environment for detection (STRATA_DOCKER, PATH). */
  env?: NodeJS.ProcessEnv;
  /** Time between SIGINT and SIGKILL when a build is stopped. */
  graceMs?: number;
}

/** Lines of a build log kept for diagnosis. */
const LOG_TAIL_LINES = 60;

const ENGINE_HINT = 'start the engine (bash scripts/engine.sh) or check DOCKER_HOST / --context';

interface Resolved {
  target: DockerTarget;
  choice: ClientChoice;
}

/** The engine client over the Docker CLI. Detection runs once, on first use. */
export function createEngine(options: EngineOptions = {}): EngineClient {
  const base: Omit<DockerTarget, 'binary'> = {};
  const host = options.host ?? undefined;
  if (host) base.host = host;
  if (options.context) base.context = options.context;
  let resolved: Promise<Resolved> | undefined;
  /** Set once detection has finished. */
  let chosen: Resolved | undefined;

  const resolve = (): Promise<Resolved> => {
    resolved ??= (async () => {
      const env = options.env ?? process.env;
      const choice = options.binary
        ? await detectClient(base, { ...env, STRATA_DOCKER: options.binary })
        : await detectClient(base, env);
      if (options.mode) choice.mode = options.mode;
      chosen = { target: { ...base, binary: choice.binary }, choice };
      return chosen;
    })();
    return resolved;
  };

  const run = async (args: string[], timeoutMs = 120_000): Promise<ExecResult> => {
    const { target } = await resolve();
    return execDocker(target, args, { timeoutMs });
  };

  /**
   * Queries (inspect) need a client that reaches the engine, not one that can build: until detection has
   * chosen the client, they use the first candidate as it is, so a no-op plan does not wait for the probes.
   */
  const query = async (args: string[]): Promise<ExecResult> => {
    if (chosen) return execDocker(chosen.target, args, { timeoutMs: 120_000 });
    const binary = options.binary ?? clientCandidates(options.env ?? process.env)[0];
    if (!binary) return run(args);
    const result = await execDocker({ ...base, binary }, args, { timeoutMs: 120_000 }).catch(() => undefined);
    return result ?? run(args);
  };

  const failed = (what: string, result: ExecResult): EngineError => {
    const detail = lastLine(result.stderr) ?? lastLine(result.stdout) ?? `exit code ${result.code}`;
    const unreachable = /Cannot connect to the Docker daemon|error during connect/i.test(result.stderr);
    return new EngineError(
      unreachable ? 'STRATA_ENGINE_UNREACHABLE' : 'STRATA_ENGINE_FAILED',
      `${what}: ${detail}`,
      unreachable ? ENGINE_HINT : undefined,
    );
  };

  return {
    async info(): Promise<EngineInfo> {
      const { target, choice } = await resolve();
      const probe = choice.probe;
      const info: EngineInfo = {
        reachable: probe.serverVersion !== undefined,
        client: choice.binary,
        buildx: probe.buildxVersion !== undefined,
        buildkit: choice.mode !== 'none',
        buildMode: choice.mode,
        clientNotes: choice.notes,
      };
      if (probe.clientVersion) info.clientVersion = probe.clientVersion;
      if (probe.serverVersion) info.serverVersion = probe.serverVersion;
      if (probe.buildxVersion) info.buildxVersion = probe.buildxVersion;
      const shownHost = target.host ?? process.env.DOCKER_HOST;
      if (shownHost) info.host = shownHost;
      if (target.context) info.context = target.context;
      if (options.builder) info.builder = options.builder;
      if (probe.error && !info.reachable) info.error = probe.error;
      return info;
    },

    async build(request: BuildRequest, buildOptions: BuildOptions = {}): Promise<BuildOutcome> {
      const { target, choice } = await resolve();
      if (choice.mode === 'none') {
        throw new EngineError(
          'STRATA_ENGINE_NO_BUILDKIT',
          `${choice.binary} cannot run BuildKit builds: ${choice.notes.join('; ')}`,
          'install the buildx plugin, or set STRATA_DOCKER to a docker client older than 23 (Debian: /usr/bin/docker)',
        );
      }
      return buildOnce(target, choice.mode, request, buildOptions, options);
    },

    async inspectImage(ref: string): Promise<ImageDetails | undefined> {
      const result = await query(['image', 'inspect', ref]);
      if (result.code === 0) return parseImageInspect(result.stdout);
      if (/No such image|No such object/i.test(result.stderr)) return undefined;
      throw failed(`docker image inspect ${ref}`, result);
    },

    async inspectImages(refs: string[]): Promise<Map<string, ImageDetails | undefined>> {
      const unique = [...new Set(refs)];
      if (unique.length === 0) return new Map();
      const result = await query(['image', 'inspect', '--format', '{{json .}}', ...unique]);
      const someMissing = /No such image|No such object/i.test(result.stderr);
      if (result.code !== 0 && !someMissing) throw failed(`docker image inspect ${unique.join(' ')}`, result);
      return parseInspectBatch(unique, result.stdout, result.stderr);
    },

    async tag(source: string, targetRef: string): Promise<void> {
      const result = await run(['tag', source, targetRef]);
      if (result.code !== 0) throw failed(`docker tag ${source} ${targetRef}`, result);
    },

    async push(ref: string): Promise<void> {
      const result = await run(['push', ref], 3_600_000);
      if (result.code !== 0) throw failed(`docker push ${ref}`, result);
    },

    async pull(ref: string): Promise<boolean> {
      const result = await run(['pull', ref], 3_600_000);
      if (result.code === 0) return true;
      if (isNotInRegistry(result.stderr)) return false;
      throw failed(`docker pull ${ref}`, result);
    },

    async removeImage(ref: string): Promise<void> {
      const result = await run(['image', 'rm', ref]);
      if (result.code !== 0 && !/No such image/i.test(result.stderr))
        throw failed(`docker image rm ${ref}`, result);
    },

    async diskUsage() {
      const result = await run(['system', 'df', '--format', '{{json .}}']);
      if (result.code !== 0) throw failed('docker system df', result);
      return parseSystemDf(result.stdout);
    },

    async saveImages(refs: string[]) {
      const { target } = await resolve();
      return streamDocker(target, ['save', ...refs]);
    },

    async runInImage(image: string, command: string[], runOptions = {}): Promise<RunResult> {
      const [entry, ...rest] = command;
      if (!entry) throw new EngineError('STRATA_ENGINE_FAILED', 'runInImage needs a command');
      const args = ['run', '--rm', '--entrypoint', entry];
      if (!runOptions.network) args.push('--network', 'none');
      args.push(image, ...rest);
      const result = await run(args, runOptions.timeoutMs ?? 60_000);
      return { code: result.code, stdout: result.stdout, stderr: result.stderr };
    },
  };
}

/** The registry answered that it does not hold the reference (as opposed to a network failure). */
export function isNotInRegistry(stderr: string): boolean {
  return /manifest unknown|not found|pull access denied|repository does not exist|name unknown/i.test(stderr);
}

function lastLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines[lines.length - 1];
}

async function buildOnce(
  target: DockerTarget,
  mode: Exclude<BuildMode, 'none'>,
  request: BuildRequest,
  options: BuildOptions,
  engineOptions: EngineOptions,
): Promise<BuildOutcome> {
  const started = Date.now();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-build-'));
  const iidfile = path.join(tmp, 'iid');
  // Tags are set with `docker tag` only after the build succeeded: a failed or interrupted build never
  // moves a tag (BuildKit itself also names the image only at export).
  const argvOptions: Parameters<typeof buildCommand>[1] = { mode, iidfile };
  if (engineOptions.builder) argvOptions.builder = engineOptions.builder;
  const command = buildCommand({ ...request, tags: [] }, argvOptions);
  const buildTarget: DockerTarget = { ...target, env: { ...target.env, ...command.env } };

  let log: WriteStream | undefined;
  if (options.logFile) {
    await fs.mkdir(path.dirname(options.logFile), { recursive: true, mode: PRIVATE_DIR });
    log = createWriteStream(options.logFile, { flags: 'w', mode: PRIVATE_FILE });
    await fs.chmod(options.logFile, PRIVATE_FILE).catch(() => undefined);
    log.write(`# ${formatArgv([target.binary, ...command.args])}\n`);
  }

  const events: BuildEvent[] = [];
  const tail: string[] = [];
  const parser = createProgressParser();
  const watchdogOptions: ConstructorParameters<typeof Watchdog>[0] = {};
  if (options.stallTimeoutMs !== undefined) watchdogOptions.stallTimeoutMs = options.stallTimeoutMs;
  if (options.promptTimeoutMs !== undefined) watchdogOptions.promptTimeoutMs = options.promptTimeoutMs;
  const watchdog = new Watchdog(watchdogOptions, started);
  const stopper = new AbortController();
  let trip: WatchdogTrip | undefined;

  const onLine = (line: string) => {
    const at = Date.now();
    log?.write(`${line}\n`);
    tail.push(line);
    if (tail.length > LOG_TAIL_LINES) tail.shift();
    watchdog.output(at);
    for (const event of parser.push(line, at)) {
      events.push(event);
      watchdog.observe(event);
      options.onEvent?.(event);
    }
  };
  const out = new LineSplitter();
  const err = new LineSplitter();
  const timer = setInterval(() => {
    if (trip) return;
    trip = watchdog.check(Date.now());
    if (trip) stopper.abort();
  }, 250);
  const onUserAbort = () => stopper.abort();
  options.signal?.addEventListener('abort', onUserAbort, { once: true });
  if (options.signal?.aborted) stopper.abort();

  let result: ExecResult;
  let imageId = '';
  try {
    const execOptions: Parameters<typeof execDocker>[2] = {
      signal: stopper.signal,
      collect: false,
      onStdout: (chunk) => out.push(chunk).forEach(onLine),
      onStderr: (chunk) => err.push(chunk).forEach(onLine),
    };
    if (engineOptions.graceMs !== undefined) execOptions.graceMs = engineOptions.graceMs;
    if (request.dockerfileText !== undefined) execOptions.input = request.dockerfileText;
    result = await execDocker(buildTarget, command.args, execOptions);
    [...out.flush(), ...err.flush()].forEach(onLine);
    imageId = (await fs.readFile(iidfile, 'utf8').catch(() => '')).trim();
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onUserAbort);
    await fs.rm(tmp, { recursive: true, force: true });
  }

  const steps = summarizeSteps(events);
  const outcome: BuildOutcome = { ok: false, durationMs: Date.now() - started, steps, logTail: tail };

  if (trip) {
    outcome.failure = { kind: trip.kind, message: trip.message };
    if (trip.step) outcome.failure.step = trip.step;
  } else if (result.aborted) {
    outcome.failure = { kind: 'interrupted', message: 'the build was interrupted' };
    const running = steps.find((s) => s.error === 'canceled');
    if (running) outcome.failure.step = running.name;
  } else if (result.code !== 0 || !imageId) {
    const step = failedStep(steps);
    const message =
      step?.error ??
      [...tail].reverse().find((l) => /error|failed/i.test(l)) ??
      `docker build exited with code ${result.code ?? result.signal}`;
    outcome.failure = { kind: 'error', message };
    if (result.code !== null) outcome.failure.exitCode = result.code;
    if (step) outcome.failure.step = step.name;
  } else {
    outcome.imageId = imageId;
    try {
      for (const tag of request.tags) {
        const tagged = await execDocker(target, ['tag', imageId, tag], { timeoutMs: 60_000 });
        if (tagged.code !== 0) throw new Error(lastLine(tagged.stderr) ?? `docker tag exited ${tagged.code}`);
      }
      outcome.ok = true;
    } catch (e) {
      outcome.failure = {
        kind: 'error',
        message: `built ${imageId} but could not tag it: ${(e as Error).message}`,
      };
    }
  }
  if (log) {
    const status = outcome.ok
      ? `built ${outcome.imageId}`
      : `${outcome.failure?.kind}: ${outcome.failure?.message}`;
    log.write(`# ${status} (${(outcome.durationMs / 1000).toFixed(1)} s)\n`);
    await new Promise<void>((done) => log?.end(done));
  }
  outcome.durationMs = Date.now() - started;
  return outcome;
}
