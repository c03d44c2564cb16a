import os from 'node:os';
import path from 'node:path';
import { Option } from 'commander';
import { carryOutPlan } from '../../build/carry-out.js';
import { copiedSecrets } from '../../build/copied-secrets.js';
import { createEngine } from '../../engine/client.js';
import { dockerfileKey } from '../../graph/index.js';
import { EngineError, UsageError } from '../../model/errors.js';
import { computePlan, planToJson, renderPlan } from '../../plan/index.js';
import { scanRepository } from '../../scan.js';
import { estimateDurations, logsDir, noopArgs, readHistory, snapshotTree } from '../../state/index.js';
import { relativeTo } from '../../util/paths.js';
import { toVerifyJson } from '../../verify/index.js';
import type { CliIO, RegisterCommand } from '../context.js';
import { colors, formatDiagnostic, installEngineDebug, printJson, write } from '../output.js';
import { parseDuration } from '../progress/format.js';
import { createLiveView, createPlainView, type ProgressView } from '../progress/live.js';
import { renderFailures, renderSummary, summaryJson } from '../progress/summary.js';
import { renderVerify } from '../render/verify.js';
import { addVariableOptions, variableScanOptions } from '../scan-options.js';
import { colouredPlanStyle } from './plan.js';
import { verifyWithSignals } from './verify.js';

interface BuildCliOptions {
  dir: string;
  jobs?: string;
  deps: boolean;
  failFast?: boolean;
  dryRun?: boolean;
  progress: 'auto' | 'tty' | 'plain';
  stallTimeout: string;
  promptTimeout: string;
  registry?: string;
  push?: boolean;
  force?: boolean;
  json?: boolean;
  context?: string;
  builder?: string;
  verify?: boolean;
  verifyConfig: string[];
  secret: string[];
  ssh: string[];
  set?: string[];
  envFile?: string[];
  ignoreEnv?: boolean;
}

/** The signals that stop a build as Ctrl-C does. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseJobs(text: string | undefined): number {
  if (text === undefined) return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--jobs ${text}: give a whole number of at least 1`);
  return n;
}

function parseTimeout(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${flag} ${text}: give a duration like 90s, 10m or 0 (off)`);
  return ms;
}

async function build(images: string[], opts: BuildCliOptions, io: CliIO): Promise<void> {
  const c = colors(io);
  const jobs = parseJobs(opts.jobs);
  const stallTimeoutMs = parseTimeout('--stall-timeout', opts.stallTimeout);
  const promptTimeoutMs = parseTimeout('--prompt-timeout', opts.promptTimeout);
  installEngineDebug(io);
  const root = path.resolve(opts.dir);
  // The no-op stamp's snapshot is taken before anything is read: a file changed during the build shows up
  // as a change next time. Builds whose result depends on more than the arguments it records get none.
  const pinned = Boolean(opts.set || opts.envFile || opts.ignoreEnv);
  const stampable =
    !opts.force && opts.deps && !opts.push && !opts.context && !opts.builder && !opts.dryRun && !pinned;
  const tree = stampable ? snapshotTree(root) : undefined;
  const { graph, discovery } = await scanRepository(root, variableScanOptions(opts));
  for (const d of graph.diagnostics) if (d.severity === 'error') write(io.stderr, formatDiagnostic(d, c));

  const engine = createEngine({
    ...(opts.context ? { context: opts.context } : {}),
    ...(opts.builder ? { builder: opts.builder } : {}),
  });
  // The engine is probed while the plan is computed; an engine that does not answer is reported first.
  const probing = engine.info();
  const planning = computePlan(graph, {
    engine,
    root,
    selection: images,
    noDeps: !opts.deps,
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.force ? { force: true } : {}),
  });
  planning.catch(() => undefined);
  const info = await probing;
  if (!info.reachable) {
    throw new EngineError(
      'STRATA_ENGINE_UNREACHABLE',
      `no Docker engine answers${info.host ? ` at ${info.host}` : ''}: ${info.error ?? 'unknown error'}`,
      'start it with `bash scripts/engine.sh`, or check DOCKER_HOST / `strata doctor`',
    );
  }
  const plan = await planning;
  for (const w of plan.warnings ?? []) write(io.stderr, `${c.yellow('warning')} ${w}`);
  if (opts.dryRun) {
    if (opts.json) printJson(io, planToJson(plan));
    else write(io.stdout, renderPlan(plan, colouredPlanStyle(c)));
    io.exitCode = 0;
    return;
  }
  if (!info.buildkit && plan.images.some((p) => p.action !== 'skip')) {
    throw new EngineError(
      'STRATA_ENGINE_NO_BUILDKIT',
      `${info.client} cannot run BuildKit builds (${(info.clientNotes ?? []).join('; ')})`,
      'install the buildx plugin, or set STRATA_DOCKER to a client that has BuildKit (see `strata doctor`)',
    );
  }

  const toBuild = plan.images.filter((p) => p.action === 'build').map((p) => p.id);
  for (const d of await copiedSecrets(graph, discovery, toBuild)) write(io.stderr, formatDiagnostic(d, c));

  const inlineDockerfiles: Record<string, string> = {};
  for (const def of discovery.definitions) {
    if (def.dockerfileInline !== undefined && !def.dockerfile)
      inlineDockerfiles[dockerfileKey(def)] = def.dockerfileInline;
  }
  const history = await readHistory(root, 50);
  const estimates = Object.fromEntries(
    Object.entries(estimateDurations(history)).map(([id, e]) => [id, e.durationMs]),
  );

  const mode = opts.progress === 'auto' ? (io.isTTY && !opts.json ? 'tty' : 'plain') : opts.progress;
  const viewStream = opts.json ? io.stderr : io.stdout;
  const viewOptions = {
    colors: c,
    ids: plan.images.filter((p) => p.action !== 'skip').map((p) => p.id),
    estimates,
  };
  const view: ProgressView =
    mode === 'tty'
      ? createLiveView(viewStream as NodeJS.WriteStream, viewOptions)
      : createPlainView(viewStream, viewOptions);

  // Ctrl-C, and what `timeout`, CI runners and a closed terminal send, all cancel the running builds;
  // the history is still written and the terminal restored. A second signal is Node's default (exit now).
  const controller = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    caught ??= signal;
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
    controller.abort();
  };
  const releaseSignals = () => {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  const run = await carryOutPlan(graph, plan, {
    engine,
    jobs,
    failFast: opts.failFast ?? false,
    signal: controller.signal,
    stallTimeoutMs,
    promptTimeoutMs,
    logDir: logsDir(root),
    inlineDockerfiles,
    onEvent: (e) => view.onEvent(e),
    ...(opts.secret.length > 0 || opts.ssh.length > 0
      ? {
          extendRequest: (_image, request) => ({
            ...request,
            ...(opts.secret.length > 0 ? { secrets: [...opts.secret] } : {}),
            ...(opts.ssh.length > 0 ? { ssh: [...opts.ssh] } : {}),
          }),
        }
      : {}),
    ...(opts.push ? { push: true } : {}),
    onBuildsEnd: () => {
      view.stop();
      releaseSignals();
    },
    command: process.argv.slice(2),
    noopStamp: { tree, args: noopArgs(images, opts.registry) },
  });

  const relLog = (file: string) => relativeTo(process.cwd(), file);
  // --verify: the built images' acceptance tests. A failure fails the exit code; tags stay where they are.
  const verified =
    opts.verify && !run.interrupted
      ? await verifyWithSignals(
          {
            root,
            graph,
            images:
              images.length > 0 ? images : run.images.filter((r) => r.status !== 'failed').map((r) => r.id),
            configs: opts.verifyConfig,
            ...(opts.jobs ? { jobs } : {}),
          },
          io,
        )
      : undefined;
  if (opts.json) {
    const summary = summaryJson(run, process.cwd(), relativeTo);
    printJson(io, verified ? { ...summary, verify: toVerifyJson(verified) } : summary);
  } else {
    write(io.stdout, ['', ...renderSummary(run, c), ...renderFailures(run, c, relLog)].join('\n'));
    for (const r of run.images)
      for (const w of r.warnings ?? []) write(io.stderr, `${c.yellow('warning')} ${r.id}: ${w}`);
    if (verified) write(io.stdout, `\n${renderVerify(verified, c)}`);
    for (const w of run.warnings ?? []) write(io.stderr, `${c.yellow('warning')} ${w}`);
  }
  // 128 + the signal's number, as a shell reports a process stopped by it (130 for Ctrl-C).
  io.exitCode =
    run.interrupted || verified?.interrupted
      ? 128 + (os.constants.signals[caught ?? 'SIGINT'] ?? 2)
      : run.ok && (verified?.ok ?? true)
        ? 0
        : 1;
}

export const register: RegisterCommand = (program, io) => {
  const command = program
    .command('build')
    .description('build the image family in graph order, in parallel, skipping what is unchanged')
    .argument(
      '[images...]',
      'images to build (id, tag or compose service), with their ancestors; all when none',
    )
    .option('--dir <dir>', 'repository folder', '.')
    .option('-j, --jobs <n>', 'images built at once (default: the number of cores)')
    .option('--no-deps', 'build only the named images, not their ancestors')
    .option('--fail-fast', 'stop every build at the first failure')
    .option('--dry-run', 'print the plan (build / skip / reuse, and why) and build nothing')
    .addOption(
      new Option('--progress <mode>', 'live view on a terminal, or plain lines')
        .choices(['auto', 'tty', 'plain'])
        .default('auto'),
    )
    .option('--stall-timeout <duration>', 'stop a step that prints nothing for this long (0: never)', '20m')
    .option(
      '--prompt-timeout <duration>',
      'stop a step that shows an interactive prompt and then waits this long (0: never)',
      '30s',
    )
    .option('--registry <registry>', 'reuse and publish images by fingerprint (R/<name>:fp-<fingerprint>)')
    .option('--push', 'push the final tags of built and reused images')
    .option('--force', 'build every selected image, even when up to date')
    .option('--json', 'print the results as JSON (progress goes to stderr)')
    .option('--context <name>', 'docker context to build on (DOCKER_HOST is honoured too)')
    .option('--builder <name>', 'buildx builder to build with (a remote or Kubernetes builder)')
    .option('--verify', "run the built images' acceptance tests (strata verify) after the build")
    .option(
      '--verify-config <file>',
      'test file for --verify (default: strata.yaml verify:); repeatable',
      collect,
      [],
    )
    .option(
      '--secret <spec>',
      'a secret for RUN --mount=type=secret (id=NAME,src=FILE or id=NAME,env=VAR); never stored in the image',
      collect,
      [],
    )
    .option(
      '--ssh <spec>',
      'an SSH agent or key for RUN --mount=type=ssh (default, or id=PATH)',
      collect,
      [],
    );
  addVariableOptions(command).action((images: string[], opts: BuildCliOptions) => build(images, opts, io));
};
