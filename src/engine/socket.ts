import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

/**
 * The engine's unix socket, when it can be known for sure without the docker CLI: DOCKER_HOST unset (the
 * default socket) or `unix://PATH`, no DOCKER_CONTEXT, and no other current context in the docker config.
 * undefined otherwise (a TCP or SSH host, a context): callers then go through the CLI.
 */
export function engineSocket(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DOCKER_CONTEXT) return undefined;
  const host = env.DOCKER_HOST;
  if (host) return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
  const configDir = env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
  try {
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as {
      currentContext?: string;
    };
    if (config.currentContext && config.currentContext !== 'default') return undefined;
  } catch {
    // no config: the default context
  }
  return '/var/run/docker.sock';
}

/** What the engine holds under a tag: the image id and its registry digests. */
export interface SocketImage {
  id: string;
  repoDigests: string[];
}

/**
 * Every tag the engine holds -> its image, from one `GET /images/json` over the unix socket (a few
 * milliseconds, no docker process). undefined when the engine does not answer in time.
 */
export function imagesOverSocket(
  socketPath: string,
  timeoutMs = 2_000,
): Promise<Map<string, SocketImage> | undefined> {
  return new Promise((resolve) => {
    // No keep-alive agent: an idle pooled connection would hold the process open after the answer.
    const req = http.get({ socketPath, path: '/images/json', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(undefined);
        try {
          const list = JSON.parse(body) as {
            Id?: string;
            RepoTags?: string[] | null;
            RepoDigests?: string[] | null;
          }[];
          const images = new Map<string, SocketImage>();
          for (const image of list) {
            if (!image.Id) continue;
            const entry = { id: image.Id, repoDigests: image.RepoDigests ?? [] };
            for (const tag of image.RepoTags ?? []) images.set(tag, entry);
          }
          resolve(images);
        } catch {
          resolve(undefined);
        }
      });
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(undefined);
    });
    req.on('error', () => resolve(undefined));
  });
}

/**
 * The image behind a reference as written in a Dockerfile or compose file, in the engine's RepoTags form:
 * `docker.io/library/python:3.12-slim` and `python:3.12-slim` are one tag; no tag means `:latest`.
 */
export function lookupImage(images: Map<string, SocketImage>, ref: string): SocketImage | undefined {
  const lastSlash = ref.lastIndexOf('/');
  const tagged = ref.lastIndexOf(':') > lastSlash ? ref : `${ref}:latest`;
  const candidates = [
    tagged,
    tagged.replace(/^(?:docker\.io|index\.docker\.io)\/library\//, ''),
    tagged.replace(/^(?:docker\.io|index\.docker\.io)\//, ''),
  ];
  for (const c of candidates) {
    const found = images.get(c);
    if (found) return found;
  }
  return undefined;
}
