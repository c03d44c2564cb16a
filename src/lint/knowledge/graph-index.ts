import type { Edge, Image, ImageGraph } from '../../model/graph.js';

interface Index {
  byId: Map<string, Image>;
  parentsOf: Map<string, Edge[]>;
  childrenOf: Map<string, Edge[]>;
}

const indexes = new WeakMap<ImageGraph, Index>();

function index(graph: ImageGraph): Index {
  let hit = indexes.get(graph);
  if (hit) return hit;
  hit = { byId: new Map(graph.images.map((i) => [i.id, i])), parentsOf: new Map(), childrenOf: new Map() };
  for (const edge of graph.edges) {
    if (edge.kind !== 'from') continue;
    append(hit.parentsOf, edge.child, edge);
    append(hit.childrenOf, edge.parent, edge);
  }
  indexes.set(graph, hit);
  return hit;
}

function append(map: Map<string, Edge[]>, key: string, edge: Edge): void {
  const list = map.get(key);
  if (list) list.push(edge);
  else map.set(key, [edge]);
}

/** `from` edges that end at this image (its parents), from an index built once per graph. */
export function fromEdgesTo(graph: ImageGraph, id: string): Edge[] {
  return index(graph).parentsOf.get(id) ?? [];
}

/** `from` edges that start at this image (the images built FROM it). */
export function fromEdgesFrom(graph: ImageGraph, id: string): Edge[] {
  return index(graph).childrenOf.get(id) ?? [];
}

export function imageById(graph: ImageGraph, id: string): Image | undefined {
  return index(graph).byId.get(id);
}
