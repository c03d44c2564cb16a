import path from 'node:path';
import pLimit from 'p-limit';
import {
  containerTarget,
  createContainer,
  inspectImageConfigs,
  removeContainers,
  startContainer,
} from '../engine/container.js';
import type { DockerTarget } from '../engine/exec.js';
import type { ImageConfig } from '../engine/inspect.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Image, ImageGraph } from '../model/graph.js';
import { runBaseTest } from './checks/base.js';
import { runCommandTest } from './checks/command.js';
import { runFileContentTest, runFileExistenceTest } from './checks/file.js';
import { runGpuTest } from './checks/gpu.js';
import { runHealthTest } from './checks/health.js';
import { runImportTest } from './checks/import.js';
import { runMetadataTest } from './checks/metadata.js';
import { runPortTest } from './checks/port.js';
import { runSizeTest } from './checks/size.js';
import { seconds } from './checks/wait.js';
import type { CheckContext, CheckOutcome } from './context.js';
import {
  countResults,
  type ImageVerifyResult,
  type TestKind,
  type TestResult,
  type VerifyResult,
} from './result.js';
import type { TestFile } from './schema.js';
import { VerifySession } from './session.js';

/** One image to verify and the test files that apply to it. */
export interface VerifyTarget {
  /** The name it was asked for (family id, tag or service) or the reference given. */
  name: string;
  /** The reference containers are made from. */
  ref: string;
  /** The family image, when named through the graph (base and build-arg checks use it). */
  image?: Image;
  tests: TestFile[];
}

export interface RunVerifyOptions {
  targets: VerifyTarget[];
  graph?: ImageGraph;
  /** Tests run at once (default 4). */
  jobs?: number;
  /** Default per-test timeout, ms (default 60 s); health and port tests get their deadline plus 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  docker?: DockerTarget;
  /** Names containers `strata-verify-<runId>-N` (random when absent). */
  runId?: string;
  /** Problems found while reading test files, carried into the result. */
  diagnostics?: Diagnostic[];
  /** Called as each test finishes. */
  onResult?: (target: VerifyTarget, result: TestResult) => void;
}

interface Task {
  kind: TestKind;
  name: string;
  file: TestFile;
  line?: number;
  timeoutMs: number;
  run: (ctx: CheckContext) => Promise<CheckOutcome> | CheckOutcome;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function tasksOf(file: TestFile, defaultTimeout: number): Task[] {
  const timeout = file.timeoutMs ?? defaultTimeout;
  const at = (line?: number) => (line === undefined ? {} : { line });
  const tasks: Task[] = [];
  // A test that cannot run as written is an error, never run and never passed.
  for (const b of file.broken)
    tasks.push({
      kind: b.kind,
      name: b.name,
      file,
      ...at(b.line),
      timeoutMs: timeout,
      run: () => ({ status: 'error', errors: b.errors }),
    });
  for (const t of file.metadataTest ? [file.metadataTest] : [])
    tasks.push({
      kind: 'metadata',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runMetadataTest(c, t),
    });
  for (const t of file.sizeTest ? [file.sizeTest] : [])
    tasks.push({
      kind: 'size',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runSizeTest(c, t),
    });
  for (const t of file.baseTest ? [file.baseTest] : [])
    tasks.push({
      kind: 'base',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runBaseTest(c, t),
    });
  for (const t of file.fileExistenceTests)
    tasks.push({
      kind: 'fileExistence',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runFileExistenceTest(c, t),
    });
  for (const t of file.fileContentTests)
    tasks.push({
      kind: 'fileContent',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runFileContentTest(c, t),
    });
  for (const t of file.commandTests)
    tasks.push({
      kind: 'command',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: t.timeoutMs ?? timeout,
      run: (c) => runCommandTest(c, t),
    });
  for (const t of file.importTests)
    tasks.push({
      kind: 'import',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runImportTest(c, t),
    });
  for (const t of file.healthTest ? [file.healthTest] : [])
    tasks.push({
      kind: 'health',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: Math.max(timeout, t.deadlineMs + 30_000),
      run: (c) => runHealthTest(c, t),
    });
  for (const t of file.portTests)
    tasks.push({
      kind: 'port',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: Math.max(timeout, t.deadlineMs + 30_000),
      run: (c) => runPortTest(c, t),
    });
  for (const t of file.gpuTest ? [file.gpuTest] : [])
    tasks.push({
      kind: 'gpu',
      name: t.name,
      file,
      ...at(t.line),
      timeoutMs: timeout,
      run: (c) => runGpuTest(c, t),
    });
  return tasks;
}

/** One promise per key, made on first use. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make();
    return p;
  };
}

/**
 * Runs the test files of each target against its image, `jobs` tests at once, and returns plain result
 * records. Every test has a timeout; every container and temporary image the run made is removed before
 * it returns, also when `signal` aborts it (the tests not started then are skipped as interrupted).
 * Throws only when the engine cannot be asked about the images at all.
 */
export async function runVerify(options: RunVerifyOptions): Promise<VerifyResult> {
  const started = Date.now();
  const target = options.docker ?? containerTarget();
  const session = new VerifySession(target, options.runId);
  const signal = options.signal ?? new AbortController().signal;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = pLimit(Math.max(1, options.jobs ?? 4));
  const results: ImageVerifyResult[] = [];
  try {
    const configs = await inspectImageConfigs(
      target,
      options.targets.filter((t) => t.tests.length > 0).map((t) => t.ref),
    );
    const pending: Promise<void>[] = [];
    for (const t of options.targets) {
      const imageStarted = Date.now();
      const result: ImageVerifyResult = { image: t.name, ref: t.ref, ok: true, durationMs: 0, tests: [] };
      results.push(result);
      if (t.tests.length === 0) {
        result.ok = false;
        result.error = `no test file applies to ${t.name}`;
        continue;
      }
      const config = configs.get(t.ref);
      if (!config) {
        result.ok = false;
        // Only a family image can be built by strata; another reference is pulled or built elsewhere.
        result.error = t.image
          ? `${t.ref} is not on the engine: build it first (strata build ${t.image.id})`
          : `${t.ref} is not on the engine: pull or build it first`;
        continue;
      }
      result.imageId = config.id;
      const shared = sharedContainers(session, t, config, signal);
      const tasks = t.tests.flatMap((f) => tasksOf(f, defaultTimeout));
      const slots: (TestResult | undefined)[] = tasks.map(() => undefined);
      const runs = tasks.map((task, i) =>
        limit(async () => {
          const r = await runTask(task, { session, t, config, shared, signal, graph: options.graph });
          slots[i] = r;
          options.onResult?.(t, r);
        }),
      );
      pending.push(
        Promise.all(runs).then(async () => {
          await shared.release();
          result.tests = slots.filter((s): s is TestResult => s !== undefined);
          result.ok = result.tests.every((r) => r.status === 'passed' || r.status === 'skipped');
          result.durationMs = Date.now() - imageStarted;
        }),
      );
    }
    await Promise.all(pending);
  } finally {
    await session.cleanup();
  }
  const counts = countResults(results);
  return {
    runId: session.runId,
    // An error in a test file fails the run also where the file applies to no image.
    ok:
      !signal.aborted &&
      results.every((r) => r.ok) &&
      !(options.diagnostics ?? []).some((d) => d.severity === 'error'),
    interrupted: signal.aborted,
    durationMs: Date.now() - started,
    counts,
    images: results,
    diagnostics: options.diagnostics ?? [],
  };
}

interface Shared {
  filesContainer(): Promise<string>;
  serviceContainer(): Promise<string>;
  release(): Promise<void>;
}

/** The containers the tests of one image share: one created for file reads, one started for health and ports. */
function sharedContainers(
  session: VerifySession,
  t: VerifyTarget,
  config: ImageConfig,
  signal: AbortSignal,
): Shared {
  const made: string[] = [];
  const files = once(async () => {
    const name = session.containerName();
    made.push(name);
    // Never started: the entrypoint only has to be non-empty for `docker create` to accept an image with no CMD.
    const r = await createContainer(
      session.target,
      { image: t.ref, name, labels: session.labels, entrypoint: '/strata-verify-never-started' },
      { signal },
    );
    if (r.code !== 0) throw new Error(`docker create: ${r.stderr.trim()}`);
    return name;
  });
  const service = once(async () => {
    const name = session.containerName();
    made.push(name);
    const ports = [...new Set(t.tests.flatMap((f) => f.portTests.map((p) => p.port)))];
    const probe = t.tests.find((f) => f.healthTest)?.healthTest?.probeIntervalMs ?? 1_000;
    const spec = {
      image: t.ref,
      name,
      labels: session.labels,
      publish: ports.map((p) => `127.0.0.1::${p}`),
      ...(config.healthcheck ? { healthInterval: `${probe}ms` } : {}),
    };
    const r = await startContainer(session.target, spec, { signal, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`docker run: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`);
    return name;
  });
  return {
    filesContainer: files,
    serviceContainer: service,
    release: () => removeContainers(session.target, made),
  };
}

async function runTask(
  task: Task,
  env: {
    session: VerifySession;
    t: VerifyTarget;
    config: ImageConfig;
    shared: Shared;
    signal: AbortSignal;
    graph: ImageGraph | undefined;
  },
): Promise<TestResult> {
  const base = {
    kind: task.kind,
    name: task.name,
    file: task.file.file,
    ...(task.line === undefined ? {} : { line: task.line }),
  };
  if (env.signal.aborted)
    return { ...base, status: 'skipped', durationMs: 0, errors: [], reason: 'not run: interrupted' };
  const started = Date.now();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  env.signal.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, task.timeoutMs);
  const ctx: CheckContext = {
    session: env.session,
    ref: env.t.ref,
    config: env.config,
    tests: task.file,
    signal: controller.signal,
    filesContainer: env.shared.filesContainer,
    serviceContainer: env.shared.serviceContainer,
    ...(env.t.image ? { image: env.t.image } : {}),
    ...(env.graph ? { graph: env.graph } : {}),
  };
  let outcome: CheckOutcome;
  try {
    outcome = await task.run(ctx);
  } catch (e) {
    outcome = { status: 'error', errors: [(e as Error).message] };
  } finally {
    clearTimeout(timer);
    env.signal.removeEventListener('abort', onAbort);
  }
  if (timedOut) outcome = { status: 'error', errors: [`timed out after ${seconds(task.timeoutMs)}`] };
  return { ...base, ...outcome, durationMs: Date.now() - started };
}

/** Relative envFile and bind-mount sources of a test file resolved against `cwd` (docker needs absolute ones). */
export function resolveRunPaths(file: TestFile, cwd: string): TestFile {
  const o = file.containerRunOptions;
  const abs = (p: string) => (path.isAbsolute(p) ? p : path.resolve(cwd, p));
  return {
    ...file,
    containerRunOptions: {
      ...o,
      ...(o.envFile ? { envFile: abs(o.envFile) } : {}),
      bindMounts: o.bindMounts.map((b) => {
        const [src = '', ...rest] = b.split(':');
        return src.startsWith('.') ? [abs(src), ...rest].join(':') : b;
      }),
    },
  };
}
