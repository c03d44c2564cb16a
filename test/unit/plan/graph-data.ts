import type { Edge, ExternalBase, Image, ImageGraph } from '../../../src/model/graph.js';
import type { Fingerprint } from '../../../src/model/plan.js';
import { hashParts } from '../../../src/plan/fingerprint.js';

/** An image of a hand-written graph: Dockerfile `<id>/Dockerfile`, context `<id>`, tag `<id>:latest`. */
export function image(id: string, extra: Partial<Image> = {}): Image {
  return {
    id,
    dockerfile: `${id}/Dockerfile`,
    context: id,
    args: {},
    tags: [`${id}:latest`],
    platforms: [],
    contexts: {},
    origins: [],
    services: [],
    role: 'service',
    ...extra,
  };
}

/** A graph over `images` with `[parent, child]` FROM links; waves computed from the links. */
export function graph(
  images: Image[],
  links: [string, string][] = [],
  externalBases: ExternalBase[] = [],
): ImageGraph {
  const edges: Edge[] = links.map(([parent, child]) => ({
    parent,
    child,
    kind: 'from',
    via: `${parent}:latest`,
  }));
  const waves: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < images.length) {
    const wave = images
      .map((i) => i.id)
      .filter((id) => !placed.has(id) && edges.every((e) => e.child !== id || placed.has(e.parent)));
    if (wave.length === 0) break;
    for (const id of wave) placed.add(id);
    waves.push(wave);
  }
  return { root: '/repo', images, edges, externalBases, waves, unused: [], cycles: [], diagnostics: [] };
}

/** A fingerprint with the given parts (the rest empty) and its real hash. */
export function fingerprint(parts: Partial<Fingerprint> = {}): Fingerprint {
  const { hash: _old, ...rest } = parts;
  const full: Omit<Fingerprint, 'hash'> = {
    dockerfile: 'df1',
    files: {},
    args: {},
    parents: {},
    externalBases: {},
    ...rest,
  };
  return { hash: hashParts(full), ...full };
}
