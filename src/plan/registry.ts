import type { EngineClient } from '../engine/types.js';
import { nodeFetch } from './http-fetch.js';

/** Accept header of a manifest request: every manifest type a registry may hold for a tag. */
const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** A name that is valid as the last path component of a repository: lower case, `[a-z0-9._-]`. */
export function repositoryName(id: string): string {
  const name = id
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name === '' ? 'image' : name;
}

/** `R/<name>:fp-<fingerprint>`: where an image built from `fingerprint` is kept in registry R. */
export function fingerprintRef(registry: string, id: string, fingerprint: string): string {
  return `${registry.replace(/\/+$/, '')}/${repositoryName(id)}:fp-${fingerprint}`;
}

/** Splits `host[:port]/path/name:tag` into its registry host, repository path and tag. */
export function splitRef(ref: string): { host: string; repository: string; tag: string } | undefined {
  const slash = ref.indexOf('/');
  if (slash < 0) return undefined;
  const host = ref.slice(0, slash);
  const rest = ref.slice(slash + 1);
  const colon = rest.lastIndexOf(':');
  if (colon < 0 || rest.indexOf('/', colon) >= 0) return undefined;
  return { host, repository: rest.slice(0, colon), tag: rest.slice(colon + 1) };
}

function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}

export interface FetchAnswer {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal: AbortSignal },
) => Promise<FetchAnswer>;

/**
 * HEAD of a manifest, with an anonymous bearer token when the registry asks for one (Docker Hub and
 * most public registries do). undefined when the registry cannot be reached.
 */
async function headManifest(
  host: string,
  repository: string,
  reference: string,
  fetchImpl: FetchLike,
  timeoutMs: number,
): Promise<FetchAnswer | undefined> {
  const scheme = isLocalHost(host) ? 'http' : 'https';
  const api = host === 'docker.io' ? 'registry-1.docker.io' : host;
  const url = `${scheme}://${api}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES };
  try {
    let res = await fetchImpl(url, { method: 'HEAD', headers, signal: AbortSignal.timeout(timeoutMs) });
    const challenge = res.status === 401 ? res.headers.get('www-authenticate') : null;
    if (challenge && /^bearer /i.test(challenge)) {
      const token = await anonymousToken(challenge, repository, fetchImpl, timeoutMs);
      if (!token) return res;
      headers.Authorization = `Bearer ${token}`;
      res = await fetchImpl(url, { method: 'HEAD', headers, signal: AbortSignal.timeout(timeoutMs) });
    }
    return res;
  } catch {
    return undefined;
  }
}

async function anonymousToken(
  challenge: string,
  repository: string,
  fetchImpl: FetchLike,
  timeoutMs: number,
): Promise<string | undefined> {
  const params: Record<string, string> = {};
  for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!.toLowerCase()] = m[2]!;
  if (!params.realm) return undefined;
  const query = new URLSearchParams({
    ...(params.service ? { service: params.service } : {}),
    scope: params.scope ?? `repository:${repository}:pull`,
  });
  try {
    const res = await fetchImpl(`${params.realm}?${query}`, {
      method: 'GET',
      headers: {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) return undefined;
    const body = (await res.json()) as { token?: string; access_token?: string };
    return body.token ?? body.access_token;
  } catch {
    return undefined;
  }
}

/**
 * The manifest digest a registry serves for `repository:tag` (what `RepoDigests` shows after a pull), or
 * undefined when the registry does not answer or does not have it.
 */
export async function remoteDigest(
  host: string,
  repository: string,
  tag: string,
  fetchImpl: FetchLike = nodeFetch,
  timeoutMs = 3_000,
): Promise<string | undefined> {
  const res = await headManifest(host, repository, tag, fetchImpl, timeoutMs);
  if (res?.status !== 200) return undefined;
  const digest = res.headers.get('docker-content-digest');
  return digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : undefined;
}

/**
 * Asks a registry's HTTP API (GET /v2/<name>/manifests/<tag>, plain HTTP for a registry on this
 * machine, HTTPS otherwise) whether it holds `ref`. 'unknown' when the registry wants credentials or
 * cannot be reached: then only a pull can tell.
 */
export async function manifestExists(
  ref: string,
  fetchImpl: FetchLike = nodeFetch,
  timeoutMs = 3_000,
): Promise<boolean | 'unknown'> {
  const parts = splitRef(ref);
  if (!parts) return 'unknown';
  const res = await headManifest(parts.host, parts.repository, parts.tag, fetchImpl, timeoutMs);
  if (res?.status === 200) return true;
  if (res?.status === 404) return false;
  return 'unknown';
}

/**
 * Whether the registry holds each ref: the HTTP API first, and when that cannot tell, a pull through
 * the engine (which then also leaves the image local, so a reuse afterwards only retags).
 */
export async function probeRegistry(
  engine: Pick<EngineClient, 'pull'>,
  refs: string[],
  fetchImpl?: FetchLike,
): Promise<Record<string, boolean | 'unknown'>> {
  const out: Record<string, boolean | 'unknown'> = {};
  await Promise.all(
    refs.map(async (ref) => {
      const answer = await manifestExists(ref, fetchImpl);
      if (answer !== 'unknown') {
        out[ref] = answer;
        return;
      }
      try {
        out[ref] = await engine.pull(ref);
      } catch {
        out[ref] = 'unknown';
      }
    }),
  );
  return out;
}
