import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { type DockerTarget, execDocker } from './exec.js';

/**
 * Chooses the Docker client strata builds with. `docker buildx build` when buildx answers; otherwise
 * `DOCKER_BUILDKIT=1 docker build`, which only works on clients older than 23 (from 23 on, the classic
 * `docker build` refuses BuildKit without the buildx plugin). Candidates: STRATA_DOCKER alone when set,
 * else `docker` on PATH, then /usr/bin/docker.
 */

export type BuildMode = 'buildx' | 'classic-buildkit' | 'none';

export interface ClientProbe {
  binary: string;
  /** The binary exists and runs. */
  runs: boolean;
  clientVersion?: string;
  serverVersion?: string;
  buildxVersion?: string;
  error?: string;
}

export interface ClientChoice {
  binary: string;
  mode: BuildMode;
  probe: ClientProbe;
  /** One line per candidate: why it was taken or passed over. */
  notes: string[];
}

/** First major version of the docker CLI whose `docker build` needs buildx for BuildKit. */
const BUILDX_REQUIRED_FROM_MAJOR = 23;

function majorVersion(version: string | undefined): number | undefined {
  const m = version?.match(/^v?(\d+)\./);
  return m ? Number(m[1]) : undefined;
}

/** The mode a probed client can build in. */
export function buildModeOf(probe: ClientProbe): BuildMode {
  if (!probe.runs) return 'none';
  if (probe.buildxVersion) return 'buildx';
  const major = majorVersion(probe.clientVersion);
  if (major !== undefined && major < BUILDX_REQUIRED_FROM_MAJOR) return 'classic-buildkit';
  return 'none';
}

/** Pure choice over probes, in candidate order: the first that can do BuildKit builds, else the first that runs. */
export function chooseClient(probes: ClientProbe[]): ClientChoice | undefined {
  const notes: string[] = [];
  let fallback: ClientProbe | undefined;
  for (const probe of probes) {
    const mode = buildModeOf(probe);
    if (mode !== 'none') {
      notes.push(
        `${probe.binary}: client ${probe.clientVersion ?? '?'}, ${describeMode(mode, probe.buildxVersion)} (chosen)`,
      );
      return { binary: probe.binary, mode, probe, notes };
    }
    if (!probe.runs) {
      notes.push(`${probe.binary}: does not run${probe.error ? ` (${probe.error})` : ''}`);
    } else {
      notes.push(
        `${probe.binary}: client ${probe.clientVersion ?? '?'} has no buildx, and clients from ` +
          `${BUILDX_REQUIRED_FROM_MAJOR} on need it for BuildKit builds`,
      );
      fallback ??= probe;
    }
  }
  if (!fallback) return undefined;
  return { binary: fallback.binary, mode: 'none', probe: fallback, notes };
}

export function describeMode(mode: BuildMode, buildxVersion?: string): string {
  if (mode === 'buildx')
    return buildxVersion ? `docker buildx build (buildx ${buildxVersion})` : 'docker buildx build';
  if (mode === 'classic-buildkit') return 'DOCKER_BUILDKIT=1 docker build (built-in BuildKit)';
  return 'no BuildKit builds possible';
}

/** Where `name` is found on PATH, like `command -v`. */
function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Candidate binaries in the order they are tried. */
export function clientCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.STRATA_DOCKER) return [env.STRATA_DOCKER];
  const list = [findOnPath('docker', env.PATH), '/usr/bin/docker'].filter((b): b is string => Boolean(b));
  return [...new Set(list)];
}

interface VersionJson {
  Client?: { Version?: string } | null;
  Server?: { Version?: string; Components?: { Name?: string; Version?: string }[] } | null;
}

/** Client and server versions from `docker version --format '{{json .}}'` (server null when unreachable). */
export function parseVersionJson(text: string): { client?: string; server?: string } {
  const line = text.trim().split('\n')[0] ?? '';
  try {
    const v = JSON.parse(line) as VersionJson;
    const engine = v.Server?.Components?.find((c) => c.Name === 'Engine')?.Version;
    return { client: v.Client?.Version, server: v.Server?.Version ?? engine };
  } catch {
    return {};
  }
}

/** `github.com/docker/buildx v0.12.1 ...` -> `v0.12.1`. */
export function parseBuildxVersion(text: string): string | undefined {
  const m = text.match(/buildx\S*\s+(v?\d[\w.+-]*)/);
  return m?.[1];
}

/** Runs a candidate: `docker version` and `docker buildx version`. */
async function probeClient(binary: string, target: Omit<DockerTarget, 'binary'> = {}): Promise<ClientProbe> {
  const t: DockerTarget = { ...target, binary };
  try {
    const [version, buildx] = await Promise.all([
      execDocker(t, ['version', '--format', '{{json .}}'], { timeoutMs: 20_000 }),
      execDocker(t, ['buildx', 'version'], { timeoutMs: 20_000 }),
    ]);
    const v = parseVersionJson(version.stdout);
    const probe: ClientProbe = { binary, runs: v.client !== undefined || version.code === 0 };
    if (v.client) probe.clientVersion = v.client;
    if (v.server) probe.serverVersion = v.server;
    if (buildx.code === 0) probe.buildxVersion = parseBuildxVersion(buildx.stdout) ?? 'unknown';
    if (!v.server) probe.error = firstLine(version.stderr) ?? 'the engine did not answer';
    return probe;
  } catch (e) {
    return { binary, runs: false, error: (e as Error).message };
  }
}

function firstLine(text: string): string | undefined {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? undefined
  );
}

/** Probes the candidates in order and chooses. */
export async function detectClient(
  target: Omit<DockerTarget, 'binary'> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClientChoice> {
  const probes: ClientProbe[] = [];
  for (const binary of clientCandidates(env)) {
    const probe = await probeClient(binary, target);
    probes.push(probe);
    if (buildModeOf(probe) !== 'none') break;
  }
  const choice = chooseClient(probes);
  if (choice) return choice;
  const notes = probes.map((p) => `${p.binary}: does not run${p.error ? ` (${p.error})` : ''}`);
  const first = probes[0];
  if (first) return { binary: first.binary, mode: 'none', probe: first, notes };
  const binary = clientCandidates(env)[0] ?? 'docker';
  return { binary, mode: 'none', probe: { binary, runs: false, error: 'no docker client found' }, notes };
}
