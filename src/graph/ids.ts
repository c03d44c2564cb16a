import path from 'node:path';
import type { ImageCandidate } from './merge.js';

/** Lower-case, `[a-z0-9._-]` only: safe in file names, mermaid and dot. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'image'
  );
}

/** `rajiup/app-base:cuda` -> `app-base-cuda`; `base-node:latest` -> `base-node`. */
export function idFromTag(tag: string): string {
  const noDigest = tag.split('@')[0] ?? tag;
  const lastColon = noDigest.lastIndexOf(':');
  const hasTag = lastColon > noDigest.lastIndexOf('/');
  const repo = hasTag ? noDigest.slice(0, lastColon) : noDigest;
  const t = hasTag ? noDigest.slice(lastColon + 1) : 'latest';
  const name = repo.split('/').pop() ?? repo;
  return slug(t === 'latest' ? name : `${name}-${t}`);
}

/** `backend/docker/base-node/Dockerfile` -> `base-node`; `Dockerfile.gpu` at the root -> `<root>-gpu`. */
export function idFromPath(dockerfile: string, context: string, rootName: string): string {
  const dir = path.posix.dirname(dockerfile);
  const folder =
    dir === '.' ? (context === '.' ? rootName : path.posix.basename(context)) : path.posix.basename(dir);
  const base = path.posix.basename(dockerfile);
  const suffix =
    /^(?:dockerfile|containerfile)[._-](.+)$/i.exec(base)?.[1] ??
    /^(.+)\.(?:dockerfile|containerfile)$/i.exec(base)?.[1];
  return slug(suffix ? `${folder}-${suffix}` : folder);
}

/** The most telling name of a candidate: config key, compose service, bake target, tag, then path. */
function preferredId(c: ImageCandidate, rootName: string): string {
  for (const kind of ['config', 'compose', 'bake'] as const) {
    const def = c.definitions.find((d) => d.origin.kind === kind && d.origin.name);
    if (def?.origin.name) return slug(def.origin.name);
  }
  const tag = c.tags[0];
  if (tag) return idFromTag(tag);
  const id = idFromPath(c.dockerfile, c.context, rootName);
  return c.target ? slug(`${id}-${c.target}`) : id;
}

/**
 * Gives every candidate a short, unique, stable id. Clashes get the parent folder as a prefix, then a
 * number, so ids do not depend on the order in which files were found beyond that.
 */
export function assignIds(candidates: ImageCandidate[], rootName: string): string[] {
  const wanted = candidates.map((c) => preferredId(c, rootName));
  const counts = new Map<string, number>();
  for (const w of wanted) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ids: string[] = [];
  const taken = new Set<string>();
  candidates.forEach((c, i) => {
    let id = wanted[i]!;
    if ((counts.get(id) ?? 0) > 1) {
      const parent = path.posix.basename(path.posix.dirname(path.posix.dirname(c.dockerfile)));
      const target = c.target && !id.endsWith(slug(c.target)) ? `-${slug(c.target)}` : '';
      id = slug(`${parent && parent !== '.' ? `${parent}-` : ''}${id}${target}`);
    }
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}-${n}`;
    taken.add(unique);
    ids.push(unique);
  });
  return ids;
}
