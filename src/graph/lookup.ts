import type { Edge, ExternalBase, ImageGraph } from '../model/graph.js';

/** Per-image views of a graph's edges and external bases, built once (a family can have thousands). */
export interface GraphLookup {
  incoming(id: string): Edge[];
  outgoing(id: string): Edge[];
  externalBases(id: string): ExternalBase[];
}

export function graphLookup(graph: ImageGraph): GraphLookup {
  const incoming = new Map<string, Edge[]>();
  const outgoing = new Map<string, Edge[]>();
  const external = new Map<string, ExternalBase[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const e of graph.edges) {
    push(incoming, e.child, e);
    push(outgoing, e.parent, e);
  }
  for (const b of graph.externalBases) for (const id of b.usedBy) push(external, id, b);
  return {
    incoming: (id) => incoming.get(id) ?? [],
    outgoing: (id) => outgoing.get(id) ?? [],
    externalBases: (id) => external.get(id) ?? [],
  };
}
