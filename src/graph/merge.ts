import type { ImageDefinition } from '../model/definition.js';
import type { Image } from '../model/graph.js';

/** Definitions of one image, merged: same Dockerfile, context, target and args, or a shared tag. */
export interface ImageCandidate
  extends Pick<Image, 'dockerfile' | 'context' | 'target' | 'args' | 'tags' | 'platforms' | 'contexts'> {
  definitions: ImageDefinition[];
}

function canonicalArgs(args: Record<string, string>): string {
  return JSON.stringify(Object.entries(args).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The Dockerfile a definition builds: its path; a stable `<inline:FILE:NAME>` key for inline ones; and for
 * a remote (git, URL) context `<remote:CONTEXT:PATH>`, since its path is inside a repository strata does
 * not read and must never be taken for a file of this one.
 */
export function dockerfileKey(def: ImageDefinition): string {
  if (def.remoteContext) return `<remote:${def.context}:${def.dockerfile ?? 'Dockerfile'}>`;
  return def.dockerfile ?? `<inline:${def.origin.file}:${def.origin.name ?? def.origin.line ?? ''}>`;
}

/** For a `<remote:CONTEXT:PATH>` key, the Dockerfile's path inside the remote context; otherwise undefined. */
export function remoteDockerfilePath(key: string): string | undefined {
  if (!key.startsWith('<remote:') || !key.endsWith('>')) return undefined;
  const body = key.slice('<remote:'.length, -1);
  return body.slice(body.lastIndexOf(':') + 1);
}

function union<T>(a: T[], b: T[]): T[] {
  return [...new Set([...a, ...b])];
}

function absorb(into: ImageCandidate, def: ImageDefinition): void {
  into.tags = union(into.tags, def.tags);
  into.platforms = union(into.platforms, def.platforms);
  into.contexts = { ...def.contexts, ...into.contexts };
  into.definitions.push(def);
}

/**
 * Merges the definitions that describe the same image. A bare Dockerfile definition is dropped when a
 * compose, bake, script or config definition names the same Dockerfile: that one says how it is built.
 * Definitions are merged when Dockerfile, context, target and args are equal, or when they share the
 * Dockerfile and a tag (a script and a compose file building the same image with the same name).
 */
export function mergeDefinitions(definitions: ImageDefinition[]): ImageCandidate[] {
  const named = new Set(definitions.filter((d) => d.origin.kind !== 'dockerfile').map(dockerfileKey));
  const relevant = definitions.filter((d) => d.origin.kind !== 'dockerfile' || !named.has(dockerfileKey(d)));

  const byKey = new Map<string, ImageCandidate>();
  const candidates: ImageCandidate[] = [];
  for (const def of relevant) {
    const key = [dockerfileKey(def), def.context, def.target ?? '', canonicalArgs(def.args)].join('\0');
    const existing = byKey.get(key);
    if (existing) {
      absorb(existing, def);
      continue;
    }
    const candidate: ImageCandidate = {
      dockerfile: dockerfileKey(def),
      context: def.context,
      target: def.target,
      args: { ...def.args },
      tags: [...def.tags],
      platforms: [...def.platforms],
      contexts: { ...def.contexts },
      definitions: [def],
    };
    byKey.set(key, candidate);
    candidates.push(candidate);
  }

  // Second pass: the same Dockerfile and target built under a shared tag is one image. A tag with a
  // run-time part (`quay.io/unresolved-github-repository-owner/base`, from CI) is shared with the tag
  // that another definition states in full (`quay.io/jupyter/base`, from the Makefile).
  const merged: ImageCandidate[] = [];
  for (const c of candidates) {
    const twin = merged.find(
      (m) =>
        m.dockerfile === c.dockerfile &&
        m.target === c.target &&
        m.tags.some((t) => c.tags.some((u) => sameTag(t, u))),
    );
    if (!twin) {
      merged.push(c);
      continue;
    }
    const args = { ...c.args, ...twin.args };
    // A value stated in full wins over one with a run-time part.
    for (const [name, value] of Object.entries(c.args))
      if (RUN_TIME.test(args[name] ?? '') && !RUN_TIME.test(value)) args[name] = value;
    twin.args = args;
    for (const def of c.definitions) absorb(twin, def);
    // A tag with a run-time part that a full tag of the image matches says nothing more.
    twin.tags = twin.tags.filter(
      (t) => !RUN_TIME.test(t) || !twin.tags.some((u) => u !== t && !RUN_TIME.test(u) && sameTag(t, u)),
    );
  }
  return merged;
}

/** The word a scan writes for a value known only when the build runs (`settleUnresolved`). */
const RUN_TIME = /unresolved-[a-z0-9]+(?:-[a-z0-9]+)*/;

/** Equal tags, or equal but for run-time parts, which match any text. */
function sameTag(a: string, b: string): boolean {
  if (a === b) return true;
  const pattern = (t: string): RegExp | undefined =>
    RUN_TIME.test(t)
      ? new RegExp(
          `^${t
            .split(new RegExp(RUN_TIME.source, 'g'))
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/:@]+')}$`,
        )
      : undefined;
  return Boolean(pattern(a)?.test(b) || pattern(b)?.test(a));
}
