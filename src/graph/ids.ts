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

/** The word a scan writes for a value known only when the build runs (`settleUnresolved`). */
const RUN_TIME_WORD = /unresolved-[a-z0-9]/;

/** `acme/x:rocm-5.6-unresolved-...` -> `acme/x:rocm-5.6`; a tag part left too short (`sha-`) is dropped. */
function withoutRunTime(tag: string): string {
  const colon = tag.lastIndexOf(':');
  if (colon < tag.lastIndexOf('/')) return tag;
  const rest = tag
    .slice(colon + 1)
    .split('unresolved-')[0]!
    .replace(/[-_.]+$/, '');
  return rest.length > 3 ? `${tag.slice(0, colon)}:${rest}` : tag.slice(0, colon);
}

/** The most telling name of a candidate: config key, compose service, bake target, tag, then path. */
function preferredId(c: ImageCandidate, rootName: string): string {
  for (const kind of ['config', 'compose', 'bake'] as const) {
    const def = c.definitions.find((d) => d.origin.kind === kind && d.origin.name);
    if (def?.origin.name) return slug(def.origin.name);
  }
  // A tag whose tag part is known only at run time (a git sha) names the image by its repository alone.
  const tag = c.tags.find((t) => !RUN_TIME_WORD.test(t)) ?? c.tags[0];
  if (tag) return RUN_TIME_WORD.test(tag) ? idFromTag(withoutRunTime(tag)) : idFromTag(tag);
  const id = idFromPath(c.dockerfile, c.context, rootName);
  return c.target ? slug(`${id}-${c.target}`) : id;
}

/** Why a candidate is a separate image from the primary one of its name. */
export interface Variant {
  primary: number;
  reason: string;
}

const KIND_RANK: Record<string, number> = { config: 0, compose: 1, bake: 2, script: 3, dockerfile: 4 };

function rank(c: ImageCandidate): number {
  return Math.min(...c.definitions.map((d) => KIND_RANK[d.origin.kind] ?? 5));
}

/** `docker-compose.yml` is plainer than `docker-compose.gpu.yml`: fewer parts in the file's name. */
function plainness(c: ImageCandidate): number {
  return Math.min(...c.definitions.map((d) => path.posix.basename(d.origin.file).split(/[._-]/).length));
}

/** The primary one of several candidates: most telling kind of file, plainest file name, first stated. */
function primaryOf(candidates: ImageCandidate[], members: number[]): number {
  return [...members].sort(
    (a, b) =>
      rank(candidates[a]!) - rank(candidates[b]!) ||
      plainness(candidates[a]!) - plainness(candidates[b]!) ||
      a - b,
  )[0]!;
}

/** The differing build args of `c` against `p`, as `NAME=value` (a missing one as `NAME unset`). */
function argDifferences(c: ImageCandidate, p: ImageCandidate): string[] {
  const names = [...new Set([...Object.keys(c.args), ...Object.keys(p.args)])].sort();
  return names
    .filter((n) => c.args[n] !== p.args[n])
    .map((n) => (c.args[n] === undefined ? `${n} unset` : `${n}=${c.args[n]}`));
}

/** A short suffix and the reason for a candidate that shares its wanted id with the primary one. */
function variantOf(
  c: ImageCandidate,
  p: ImageCandidate,
  wanted: string,
  rootName: string,
): { id: string; reason: string } | undefined {
  const where = [...new Set(c.definitions.map((d) => d.origin.file))].join(', ');
  if (c.dockerfile !== p.dockerfile && !c.dockerfile.startsWith('<')) {
    const fromPath = idFromPath(c.dockerfile, c.context, rootName);
    if (fromPath !== wanted) {
      return {
        id: fromPath.startsWith(`${wanted}-`) ? fromPath : `${wanted}-${fromPath}`,
        reason: `another Dockerfile (${c.dockerfile}) under the same name, built by ${where}`,
      };
    }
  }
  if (c.dockerfile !== p.dockerfile) return undefined;
  if (c.target !== p.target && c.target) {
    return {
      id: `${wanted}-${slug(c.target)}`,
      reason: `the same Dockerfile with target ${c.target}, built by ${where}`,
    };
  }
  const diff = argDifferences(c, p);
  if (diff.length > 0) {
    const values = diff
      .filter((d) => d.includes('='))
      .map((d) => d.slice(d.indexOf('=') + 1))
      .join('-');
    const suffix = slug(values || diff.join('-'))
      .slice(0, 40)
      .replace(/-+$/, '');
    return {
      id: `${wanted}-${suffix || 'variant'}`,
      reason: `the same Dockerfile with build args ${diff.join(', ')}, built by ${where}`,
    };
  }
  const tagId = c.tags.map(idFromTag).find((t) => t !== wanted);
  if (tagId)
    return { id: tagId, reason: `the same Dockerfile tagged ${c.tags.join(', ')}, built by ${where}` };
  return undefined;
}

/**
 * Gives every candidate a short, unique, stable id. When several want the same id, the primary one keeps
 * it (the one whose Dockerfile sits in a folder of that name, else the one its most telling file defines
 * first: strata.yaml, compose, bake, then scripts and CI); the others are named for what sets them apart
 * (their own Dockerfile's folder, target, differing build args, a tag), and each says so in `variants`.
 * Remaining clashes get the parent folder as a prefix, then a number.
 */
export function assignIds(
  candidates: ImageCandidate[],
  rootName: string,
): { ids: string[]; variants: Map<number, Variant> } {
  const wanted = candidates.map((c) => preferredId(c, rootName));
  const groups = new Map<string, number[]>();
  wanted.forEach((w, i) => {
    groups.set(w, [...(groups.get(w) ?? []), i]);
  });
  const chosen = [...wanted];
  const variants = new Map<number, Variant>();
  for (const [w, members] of groups) {
    if (members.length < 2) continue;
    const primary =
      members.find(
        (i) =>
          idFromPath(candidates[i]!.dockerfile, candidates[i]!.context, rootName) === w &&
          !candidates[i]!.dockerfile.startsWith('<'),
      ) ?? primaryOf(candidates, members);
    for (const i of members) {
      if (i === primary) continue;
      const v = variantOf(candidates[i]!, candidates[primary]!, w, rootName);
      if (v) {
        chosen[i] = slug(v.id);
        variants.set(i, { primary, reason: v.reason });
        continue;
      }
      const c = candidates[i]!;
      const parent = path.posix.basename(path.posix.dirname(path.posix.dirname(c.dockerfile)));
      const target = c.target && !w.endsWith(slug(c.target)) ? `-${slug(c.target)}` : '';
      chosen[i] = slug(`${parent && parent !== '.' ? `${parent}-` : ''}${w}${target}`);
    }
  }
  // Images of one Dockerfile that already have names of their own still say why there are several.
  const byDockerfile = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    byDockerfile.set(c.dockerfile, [...(byDockerfile.get(c.dockerfile) ?? []), i]);
  });
  for (const members of byDockerfile.values()) {
    if (members.length < 2 || members.some((i) => variants.has(i))) continue;
    const primary = primaryOf(candidates, members);
    for (const i of members) {
      if (i === primary) continue;
      const v = variantOf(candidates[i]!, candidates[primary]!, wanted[primary]!, rootName);
      if (v) variants.set(i, { primary, reason: v.reason });
    }
  }
  const ids: string[] = [];
  const taken = new Set<string>();
  // The primary ones first, so a variant never takes a plain name.
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => Number(variants.has(a)) - Number(variants.has(b)) || a - b);
  const byIndex = new Map<number, string>();
  for (const i of order) {
    const id = chosen[i]!;
    let unique = id;
    for (let n = 2; taken.has(unique); n++) unique = `${id}-${n}`;
    taken.add(unique);
    byIndex.set(i, unique);
  }
  candidates.forEach((_, i) => {
    ids.push(byIndex.get(i)!);
  });
  return { ids, variants };
}
