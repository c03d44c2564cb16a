import type { ImageDetails } from './types.js';

/**
 * Parsers of `docker image inspect` JSON (Engine API ImageInspect, API 1.41) and of
 * `docker system df --format '{{json .}}'` lines. Pure: they take the CLI's text.
 */

interface InspectJson {
  Id?: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Size?: number;
  Config?: {
    User?: string;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null } | null;
  } | null;
}

/** The first image of an inspect array; undefined for `[]` or text that is not an inspect result. */
/**
 * The output of one `docker image inspect --format '{{json .}}' REF...` call, back to each ref: the client
 * prints one line per image it found, in the order asked, and names each missing one on stderr
 * ("No such image: REF"). A ref whose line cannot be read counts as missing.
 */
export function parseInspectBatch(
  refs: string[],
  stdout: string,
  stderr: string,
): Map<string, ImageDetails | undefined> {
  const missing = new Set([...stderr.matchAll(/No such (?:image|object): (\S+)/gi)].map((m) => m[1]!));
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const out = new Map<string, ImageDetails | undefined>();
  let next = 0;
  for (const ref of refs) {
    if (missing.has(ref)) {
      out.set(ref, undefined);
      continue;
    }
    out.set(ref, parseImageInspect(lines[next] ?? ''));
    next++;
  }
  return out;
}

export function parseImageInspect(text: string): ImageDetails | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const first = (Array.isArray(parsed) ? parsed[0] : parsed) as InspectJson | undefined;
  if (!first || typeof first !== 'object' || typeof first.Id !== 'string') return undefined;
  const details: ImageDetails = {
    id: first.Id,
    repoTags: first.RepoTags ?? [],
    repoDigests: first.RepoDigests ?? [],
    labels: first.Config?.Labels ?? {},
    size: first.Size ?? 0,
    created: first.Created ?? '',
  };
  if (first.Config?.User) details.user = first.Config.User;
  const test = first.Config?.Healthcheck?.Test;
  if (test && test.length > 0) details.healthcheck = test;
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
