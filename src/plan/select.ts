import { UsageError } from '../model/errors.js';
import type { Image, ImageGraph } from '../model/graph.js';

/** Finds an image by id, by one of its tags, or by a compose service that uses it. */
export function findImage(graph: ImageGraph, name: string): Image | undefined {
  return (
    graph.images.find((img) => img.id === name) ??
    graph.images.find((img) => img.tags.includes(name)) ??
    graph.images.find((img) => img.tags.some((t) => t.replace(/:latest$/, '') === name)) ??
    graph.images.find((img) => img.services.some((s) => s.name === name))
  );
}

/**
 * The image ids to plan for `names`: the named images plus all their ancestors (only the named with
 * `noDeps`); every image when `names` is empty. An unknown name is a usage error.
 */
export function selectImages(graph: ImageGraph, names: string[] = [], noDeps = false): string[] {
  if (names.length === 0) return graph.images.map((img) => img.id);
  const picked = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const image = findImage(graph, name);
    if (image) picked.add(image.id);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new UsageError(
      `no image named ${unknown.join(', ')} in ${graph.root}`,
      `known images: ${graph.images.map((img) => img.id).join(', ') || '(none)'}`,
    );
  }
  if (noDeps) return [...picked];
  const parentsOf = new Map<string, string[]>();
  for (const edge of graph.edges)
    parentsOf.set(edge.child, [...(parentsOf.get(edge.child) ?? []), edge.parent]);
  const queue = [...picked];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const parent of parentsOf.get(id) ?? []) {
      if (!picked.has(parent)) {
        picked.add(parent);
        queue.push(parent);
      }
    }
  }
  return graph.images.map((img) => img.id).filter((id) => picked.has(id));
}
