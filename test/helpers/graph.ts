import type { Image, ImageGraph } from '../../src/model/graph.js';

/** An image with plain defaults (`id/Dockerfile`, context `id`, tag `id:1`), overridden by `fields`. */
export function imageOf(id: string, fields: Partial<Image> = {}): Image {
  return {
    id,
    dockerfile: `${id}/Dockerfile`,
    context: id,
    args: {},
    tags: [`${id}:1`],
    platforms: [],
    contexts: {},
    origins: [],
    services: [],
    role: 'service',
    ...fields,
  };
}

/** A graph of independent images (one wave), rooted at `root`. */
export function graphOf(images: Image[], root = ''): ImageGraph {
  return {
    root,
    images,
    edges: [],
    externalBases: [],
    waves: [images.map((i) => i.id)],
    unused: [],
    cycles: [],
    diagnostics: [],
  };
}
