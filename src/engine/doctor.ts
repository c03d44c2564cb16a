import { formatBytes } from '../util/fs.js';
import { shellcheckVersion } from '../util/shellcheck-tool.js';
import { createEngine, type EngineOptions } from './client.js';
import { describeMode } from './detect.js';
import { execDocker } from './exec.js';
import type { DiskUsage } from './inspect.js';
import type { EngineClient, EngineInfo } from './types.js';

/** What `strata doctor` checks about the engine, as data (the CLI prints it or its JSON). */

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
}

export interface DoctorReport {
  ok: boolean;
  info: EngineInfo;
  /** `docker context` name and endpoint in use. */
  endpoint?: { context: string; host: string };
  disk?: DiskUsage;
  checks: DoctorCheck[];
  /** What to do when the engine does not answer. */
  hint?: string;
}

const START_ENGINE_HINT =
  'start an engine with `bash scripts/engine.sh`, or point DOCKER_HOST / --context at one';

/** Parses `docker context inspect --format '{{.Name}} {{.Endpoints.docker.Host}}'`. */
export function parseContextLine(text: string): { context: string; host: string } | undefined {
  const m = text.trim().match(/^(\S+) (\S+)$/);
  return m?.[1] && m[2] ? { context: m[1], host: m[2] } : undefined;
}

export function doctorChecks(
  info: EngineInfo,
  disk?: DiskUsage,
  endpoint?: { context: string; host: string },
): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  checks.push({
    name: 'client',
    status: info.clientVersion ? 'ok' : 'fail',
    detail: info.clientVersion ? `${info.client} ${info.clientVersion}` : `${info.client} does not run`,
  });
  const where = info.host ?? endpoint?.host;
  checks.push({
    name: 'engine',
    status: info.reachable ? 'ok' : 'fail',
    detail: info.reachable
      ? `server ${info.serverVersion}${where ? ` at ${where}` : ''}`
      : `no answer${where ? ` at ${where}` : ''}: ${info.error ?? 'unknown error'}`,
  });
  checks.push({
    name: 'buildkit',
    status: info.buildkit ? (info.reachable ? 'ok' : 'warn') : 'fail',
    detail: info.buildkit
      ? `${info.reachable ? 'builds' : 'would build, once an engine answers,'} with ${describeMode(info.buildMode ?? 'none', info.buildxVersion)}`
      : 'no client here can run BuildKit builds (the candidates are listed below)',
  });
  checks.push({
    name: 'buildx',
    status: info.buildx ? 'ok' : 'warn',
    detail: info.buildx
      ? `buildx ${info.buildxVersion}${info.builder ? `, builder ${info.builder}` : ''}`
      : 'not installed: named build contexts, --cache-to and --builder need it',
  });
  const ctx = info.context ?? endpoint?.context;
  if (ctx || info.host) {
    checks.push({
      name: 'context',
      status: 'ok',
      detail: [info.host ? `DOCKER_HOST=${info.host}` : undefined, ctx ? `context ${ctx}` : undefined]
        .filter(Boolean)
        .join(', '),
    });
  }
  if (disk) {
    checks.push({
      name: 'disk',
      status: 'ok',
      detail: `images ${formatBytes(disk.images)}, build cache ${formatBytes(disk.buildCache)}`,
    });
  }
  return checks;
}

export async function runDoctor(
  options: EngineOptions & { engine?: EngineClient } = {},
): Promise<DoctorReport> {
  const engine = options.engine ?? createEngine(options);
  const info = await engine.info();
  let disk: DiskUsage | undefined;
  let endpoint: { context: string; host: string } | undefined;
  if (info.reachable) {
    disk = await engine.diskUsage().catch(() => undefined);
  }
  const ctx = await execDocker(
    {
      binary: info.client,
      ...(options.host ? { host: options.host } : {}),
      ...(options.context ? { context: options.context } : {}),
    },
    [
      'context',
      'inspect',
      ...(options.context ? [options.context] : []),
      '--format',
      '{{.Name}} {{.Endpoints.docker.Host}}',
    ],
    { timeoutMs: 10_000 },
  ).catch(() => undefined);
  if (ctx?.code === 0) endpoint = parseContextLine(ctx.stdout);
  const checks = doctorChecks(info, disk, endpoint);
  const shellcheck = await shellcheckVersion();
  checks.push({
    name: 'shellcheck',
    status: shellcheck ? 'ok' : 'warn',
    detail: shellcheck
      ? `shellcheck ${shellcheck}: strata lint can check RUN scripts (rule shellcheck)`
      : 'not installed: the lint rule shellcheck is silent (apt-get install shellcheck)',
  });
  const report: DoctorReport = { ok: info.reachable && info.buildkit, info, checks };
  if (endpoint) report.endpoint = endpoint;
  if (disk) report.disk = disk;
  if (!info.reachable) report.hint = START_ENGINE_HINT;
  return report;
}
