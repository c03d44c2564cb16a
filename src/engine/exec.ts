import { spawn } from 'node:child_process';
import { EngineError } from '../model/errors.js';
import { redactArgv } from '../util/redact.js';

/**
 * The one place that starts the Docker CLI. No shell: argv goes to the binary as it is. Every call is
 * reported to the debug listener (argv, exit code, duration), so `STRATA_DEBUG=engine` shows exactly
 * what strata asked Docker to do.
 */

/** Which Docker client and which engine a call talks to. */
export interface DockerTarget {
  /** The docker CLI binary (absolute path or a name looked up on PATH). */
  binary: string;
  /** DOCKER_HOST for the call (a remote engine). */
  host?: string;
  /** `docker --context NAME`. */
  context?: string;
  /** Extra environment (DOCKER_BUILDKIT, DOCKER_CONFIG...). */
  env?: Record<string, string>;
}

export interface ExecOptions {
  signal?: AbortSignal;
  /** Time between SIGINT and SIGKILL when the call is aborted. */
  graceMs?: number;
  /** Kill the call (as an abort would) after this long. */
  timeoutMs?: number;
  /** Written to the process's stdin, which is then closed. stdin is /dev/null otherwise. */
  input?: string;
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Raw stdout bytes (a tar stream from `docker cp`): stdout is then neither decoded nor kept. */
  onStdoutBytes?: (chunk: Buffer) => void;
  /** Keep stdout/stderr in the result (default true). Streaming callers turn it off. */
  collect?: boolean;
}

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The call was stopped by the abort signal or the timeout. */
  aborted: boolean;
  timedOut: boolean;
}

export type DebugListener = (message: string) => void;

let debugListener: DebugListener | undefined;

/** The CLI installs a listener to print engine calls at debug level; the library itself never prints. */
export function setEngineDebugListener(listener: DebugListener | undefined): void {
  debugListener = listener;
}

function debug(message: string): void {
  debugListener?.(message);
}

/** Docker processes still running; interrupted if strata exits while they run (they live in their own process group). */
const live = new Set<ReturnType<typeof spawn>>();
let exitHookInstalled = false;

function track(child: ReturnType<typeof spawn>): void {
  live.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGINT');
  });
}

/** argv for a target: `--context NAME` goes before the subcommand. */
function targetArgs(target: DockerTarget, args: string[]): string[] {
  return target.context ? ['--context', target.context, ...args] : args;
}

function targetEnv(target: DockerTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env };
  if (target.host) env.DOCKER_HOST = target.host;
  return env;
}

/** Quotes an argv for a log line a person can paste into a shell; build-arg values are hidden (redactArgv). */
export function formatArgv(argv: string[]): string {
  return redactArgv(argv)
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/**
 * Runs `docker <args>` and resolves when it exits (never rejects for a non-zero exit: the caller reads
 * `code`). Rejects with an EngineError only when the binary cannot be started at all.
 */
export function execDocker(
  target: DockerTarget,
  args: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const argv = targetArgs(target, args);
  const started = Date.now();
  const hostNote = target.host ? ` (DOCKER_HOST=${target.host})` : '';
  const envNote = Object.entries(target.env ?? {}).map(([k, v]) => `${k}=${v} `);
  debug(`exec ${envNote.join('')}${formatArgv([target.binary, ...argv])}${hostNote}`);
  const collect = options.collect ?? true;
  return new Promise<ExecResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({
        code: null,
        signal: null,
        stdout: '',
        stderr: '',
        durationMs: 0,
        aborted: true,
        timedOut: false,
      });
      return;
    }
    const child = spawn(target.binary, argv, {
      env: targetEnv(target),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Own process group: an interrupt is sent to docker alone, and the terminal's Ctrl-C does not
      // reach it twice.
      detached: true,
    });
    track(child);
    let stdout = '';
    let stderr = '';
    let aborted = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    child.stderr?.setEncoding('utf8');
    const onBytes = options.onStdoutBytes;
    if (onBytes) {
      child.stdout?.on('data', (chunk: Buffer) => onBytes(chunk));
    } else {
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        if (collect) stdout += chunk;
        options.onStdout?.(chunk);
      });
    }
    child.stderr?.on('data', (chunk: string) => {
      if (collect) stderr += chunk;
      options.onStderr?.(chunk);
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }

    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      debug(`interrupt pid ${child.pid} (${formatArgv([target.binary, ...argv.slice(0, 2)])})`);
      child.kill('SIGINT');
      killTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) {
          debug(`kill pid ${child.pid}`);
          child.kill('SIGKILL');
        }
      }, options.graceMs ?? 10_000);
      killTimer.unref();
    };
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            aborted = true;
            stop();
          }, options.timeoutMs);

    child.on('error', (err: NodeJS.ErrnoException) => {
      live.delete(child);
      options.signal?.removeEventListener('abort', onAbort);
      if (timeout) clearTimeout(timeout);
      reject(
        new EngineError(
          'STRATA_ENGINE_CLIENT_MISSING',
          `cannot run the Docker client ${target.binary}: ${err.code ?? err.message}`,
          'install Docker (bash scripts/engine.sh) or set STRATA_DOCKER to the docker binary',
          err,
        ),
      );
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      options.signal?.removeEventListener('abort', onAbort);
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      const durationMs = Date.now() - started;
      debug(`exit ${code ?? signal} after ${durationMs} ms: ${formatArgv(argv.slice(0, 3))}`);
      resolve({ code, signal, stdout, stderr, durationMs, aborted, timedOut });
    });
  });
}

/** Splits a stream of chunks into whole lines; `flush` returns the unfinished last line. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    return lines;
  }

  flush(): string[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [last];
  }
}

/** A running `docker` call whose stdout is read as a byte stream (`docker save`). */
export interface DockerStream {
  /** The process's stdout, bytes as they come (backpressure pauses the process). */
  stdout: NodeJS.ReadableStream;
  /** Resolves when the process has exited; stderr is collected, stdout is not. */
  done: Promise<ExecResult>;
  /** Interrupts the process (a reader that gave up). */
  stop(): void;
}

/**
 * Starts `docker <args>` and hands back its stdout as a stream, for outputs too big to hold (an image
 * export is gigabytes). Throws an EngineError only when the binary cannot be started.
 */
export function streamDocker(target: DockerTarget, args: string[]): DockerStream {
  const argv = targetArgs(target, args);
  const started = Date.now();
  debug(`exec (stream) ${formatArgv([target.binary, ...argv])}`);
  const child = spawn(target.binary, argv, {
    env: targetEnv(target),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<ExecResult>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      live.delete(child);
      reject(
        new EngineError(
          'STRATA_ENGINE_CLIENT_MISSING',
          `cannot run the Docker client ${target.binary}: ${err.code ?? err.message}`,
          'install Docker (bash scripts/engine.sh) or set STRATA_DOCKER to the docker binary',
          err,
        ),
      );
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      const durationMs = Date.now() - started;
      debug(`exit ${code ?? signal} after ${durationMs} ms: ${formatArgv(argv.slice(0, 3))}`);
      resolve({ code, signal, stdout: '', stderr, durationMs, aborted: false, timedOut: false });
    });
  });
  if (!child.stdout) throw new EngineError('STRATA_ENGINE_FAILED', 'docker gave no stdout');
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  return { stdout: child.stdout, done, stop };
}
