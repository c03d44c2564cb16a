import type { Instruction } from '../model/dockerfile.js';
import type { Image, ImageGraph } from '../model/graph.js';
import { chainInstructions, finalChain } from './stages.js';

/** The instructions that make up an image's filesystem and config: its final stage chain, in order. */
export function imageInstructions(image: Image): Instruction[] {
  const r = image.resolved;
  return r ? chainInstructions(r.parsed, finalChain(r)) : [];
}

/** Images of the family this image is built FROM (its root stage's base), nearest first. */
export function parentImages(image: Image, graph: ImageGraph): Image[] {
  const byId = new Map(graph.images.map((i) => [i.id, i]));
  const out: Image[] = [];
  let current: Image | undefined = image;
  while (current) {
    const id: string = current.id;
    const edge = graph.edges.find((e) => e.child === id && e.kind === 'from');
    const parent = edge ? byId.get(edge.parent) : undefined;
    if (!parent || out.includes(parent) || parent === image) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/**
 * The last instruction with this keyword that the image inherits, looking at its own final chain first
 * and then at the family images it is built FROM. Undefined when none sets it (the base image decides).
 */
export function lastInherited(image: Image, graph: ImageGraph, keyword: string): { image: Image; ins: Instruction } | undefined {
  for (const img of [image, ...parentImages(image, graph)]) {
    const found = imageInstructions(img).filter((i) => i.keyword === keyword).pop();
    if (found) return { image: img, ins: found };
  }
  return undefined;
}
