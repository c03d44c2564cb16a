import type { ImageDetails } from './types.js';

/**
 * Parsers of `docker image inspect` JSON (Engine API ImageInspect, API 1.41) and of
 * `docker system df --format '{{json .}}'` lines. Pure: they take the CLI's text.
 */

/**
 * The output of one `docker image inspect --format '{{json .}}' REF...` call, back to each ref: the client
 * prints one line per image it found, in the order asked, and names each missing one on stderr
 * ("No such image: REF"). A ref whose line cannot be read counts as missing.
 */
export function parseInspectBatch<T = ImageDetails>(
  refs: string[],
  stdout: string,
  stderr: string,
  parse: (line: string) => T | undefined = parseImageInspect as (line: string) => T | undefined,
): Map<string, T | undefined> {
  const missing = new Set([...stderr.matchAll(/No such (?:image|object): (\S+)/gi)].map((m) => m[1]!));
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const out = new Map<string, T | undefined>();
  let next = 0;
  for (const ref of refs) {
    if (missing.has(ref)) {
      out.set(ref, undefined);
      continue;
    }
    out.set(ref, parse(lines[next] ?? ''));
    next++;
  }
  return out;
}

/** The first image of an inspect array; undefined for `[]` or text that is not an inspect result. */
export function parseImageInspect(text: string): ImageDetails | undefined {
  const config = parseImageConfig(text);
  if (!config) return undefined;
  const details: ImageDetails = {
    id: config.id,
    repoTags: config.repoTags,
    repoDigests: config.repoDigests,
    labels: config.labels,
    size: config.size,
    created: config.created,
  };
  if (config.user) details.user = config.user;
  if (config.healthTest.length > 0) details.healthcheck = config.healthTest;
  return details;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** Docker's human sizes (go-units HumanSize, decimal): `3.004kB`, `719.1MB`, `0B` -> bytes. */
export function parseHumanSize(text: string): number | undefined {
  const m = text.trim().match(/^(\d+(?:\.\d+)?)\s*([kmgtp]?i?b)$/i);
  if (!m) return undefined;
  const factor = UNITS[(m[2] ?? 'b').toLowerCase()];
  return factor === undefined ? undefined : Math.round(Number(m[1]) * factor);
}

export interface DiskUsage {
  images: number;
  buildCache: number;
  containers: number;
  volumes: number;
}

/** `docker system df --format '{{json .}}'`: one JSON object per line with Type and Size. */
export function parseSystemDf(text: string): DiskUsage {
  const usage: DiskUsage = { images: 0, buildCache: 0, containers: 0, volumes: 0 };
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    let row: { Type?: string; Size?: string };
    try {
      row = JSON.parse(line) as { Type?: string; Size?: string };
    } catch {
      continue;
    }
    const size = parseHumanSize(row.Size ?? '') ?? 0;
    if (row.Type === 'Images') usage.images = size;
    else if (row.Type === 'Build Cache') usage.buildCache = size;
    else if (row.Type === 'Containers') usage.containers = size;
    else if (row.Type === 'Local Volumes') usage.volumes = size;
  }
  return usage;
}

/** An image's run configuration and layers, as the acceptance tests read them. */
export interface ImageConfig {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  /** Bytes (Engine API `Size`). */
  size: number;
  env: Record<string, string>;
  /** `Env` in order, as `KEY=VALUE`. */
  envList: string[];
  labels: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  workdir: string;
  user: string;
  /** `8000/tcp`, ... */
  exposedPorts: string[];
  volumes: string[];
  /** Layer digests (`RootFS.Layers`), oldest first. */
  layers: string[];
  /** The HEALTHCHECK's Test as the config holds it, `NONE` included; [] when there is none. */
  healthTest: string[];
  /** The HEALTHCHECK in force (absent for none or `NONE`). */
  healthcheck?: {
    test: string[];
    /** Nanoseconds (0: the engine default). */
    interval: number;
    timeout: number;
    startPeriod: number;
    retries: number;
  };
}

interface ConfigJson {
  Id?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Size?: number;
  RootFS?: { Layers?: string[] | null } | null;
  Config?: {
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    User?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Volumes?: Record<string, unknown> | null;
    Healthcheck?: {
      Test?: string[] | null;
      Interval?: number;
      Timeout?: number;
      StartPeriod?: number;
      Retries?: number;
    } | null;
  } | null;
}

/** `docker image inspect` JSON (one object or an array) -> ImageConfig; undefined when unreadable. */
export function parseImageConfig(text: string): ImageConfig | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const raw = (Array.isArray(parsed) ? parsed[0] : parsed) as ConfigJson | undefined;
  if (!raw || typeof raw !== 'object' || typeof raw.Id !== 'string') return undefined;
  const c = raw.Config ?? {};
  const envList = c.Env ?? [];
  const env: Record<string, string> = {};
  for (const e of envList) {
    const eq = e.indexOf('=');
    if (eq < 0) env[e] = '';
    else env[e.slice(0, eq)] = e.slice(eq + 1);
  }
  const config: ImageConfig = {
    id: raw.Id,
    repoTags: raw.RepoTags ?? [],
    repoDigests: raw.RepoDigests ?? [],
    created: raw.Created ?? '',
    size: raw.Size ?? 0,
    env,
    envList,
    labels: c.Labels ?? {},
    entrypoint: c.Entrypoint ?? [],
    cmd: c.Cmd ?? [],
    workdir: c.WorkingDir ?? '',
    user: c.User ?? '',
    exposedPorts: Object.keys(c.ExposedPorts ?? {}),
    volumes: Object.keys(c.Volumes ?? {}),
    layers: raw.RootFS?.Layers ?? [],
    healthTest: c.Healthcheck?.Test ?? [],
  };
  const h = c.Healthcheck;
  if (h?.Test && h.Test.length > 0 && h.Test[0] !== 'NONE') {
    config.healthcheck = {
      test: h.Test,
      interval: h.Interval ?? 0,
      timeout: h.Timeout ?? 0,
      startPeriod: h.StartPeriod ?? 0,
      retries: h.Retries ?? 0,
    };
  }
  return config;
}
