import { cleanSource, contextReach, reachOf } from '../../../dockerfile/index.js';
import type { Instruction, ResolvedDockerfile } from '../../../model/dockerfile.js';
import type { Image } from '../../../model/graph.js';

/** The first COPY/ADD of the image's needed stages that copies this context file (relative to the context). */
export function copyReaching(image: Image, rel: string): Instruction | undefined {
  const r = image.resolved;
  if (!r) return undefined;
  const segments = rel.split('/');
  for (const stage of r.stages) {
    if (!stage.needed) continue;
    for (const ins of r.parsed.stages[stage.index]?.instructions ?? []) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from'))
        continue;
      if (ins.heredocs.length > 0) continue;
      const sources = ins.words.filter((w) => ins.jsonForm || !w.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) continue;
        const clean = cleanSource(source);
        if (source.includes('$') || clean === '.' || reachOf([clean.split('/')], segments) === 'inside')
          return ins;
      }
    }
  }
  return undefined;
}

/** What a build reads from its context, its source patterns split into path segments. */
type SplitReach = { kind: 'all' } | { kind: 'patterns'; patterns: string[][] };

const reachCache = new WeakMap<ResolvedDockerfile, SplitReach>();

/** The context reach of an image, computed once per resolved Dockerfile (rules ask for it per file). */
function splitReach(image: Image): SplitReach {
  const r = image.resolved;
  if (!r) return { kind: 'all' };
  let hit = reachCache.get(r);
  if (!hit) {
    const reach = contextReach(r);
    hit =
      reach.kind === 'all' ? reach : { kind: 'patterns', patterns: reach.patterns.map((p) => p.split('/')) };
    reachCache.set(r, hit);
  }
  return hit;
}

/** True when the build may read any file of its context (`COPY . .`, a variable source, a bind mount). */
export function reachesWholeContext(image: Image): boolean {
  return splitReach(image).kind === 'all';
}

/** Whether any of the images can read this context file (COPY, ADD, or a bind mount of the context). */
export function reachedByAny(images: Image[], rel: string): boolean {
  const segments = rel.split('/');
  return images.some((image) => {
    const reach = splitReach(image);
    return reach.kind === 'all' || reachOf(reach.patterns, segments) === 'inside';
  });
}
