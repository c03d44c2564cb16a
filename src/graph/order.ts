/** Pure ordering over a directed graph given as `parent -> child` pairs. */

export interface Ordering {
  /** Topological levels: every node's parents are in earlier levels. Nodes in or below a cycle are left out. */
  waves: string[][];
  /** Each cycle as a closed path, `[a, b, a]`, starting at its smallest node for a stable order. */
  cycles: string[][];
  /** Nodes left out of the waves because they are in a cycle or depend on one. */
  blocked: string[];
}

export function order(nodes: string[], edges: { parent: string; child: string }[]): Ordering {
  const children = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  const parents = new Map<string, Set<string>>(nodes.map((n) => [n, new Set()]));
  for (const { parent, child } of edges) {
    if (!children.has(parent) || !children.has(child)) continue;
    children.get(parent)!.add(child);
    parents.get(child)!.add(parent);
  }

  const cycles = findCycles(nodes, children);
  const inCycle = new Set(cycles.flat());

  // Kahn's algorithm by levels; nodes in cycles never reach in-degree 0, nor do their descendants.
  const indegree = new Map(nodes.map((n) => [n, parents.get(n)!.size]));
  const waves: string[][] = [];
  let current = nodes.filter((n) => indegree.get(n) === 0).sort();
  const placed = new Set<string>();
  while (current.length > 0) {
    waves.push(current);
    for (const n of current) placed.add(n);
    const next = new Set<string>();
    for (const n of current) {
      for (const c of children.get(n)!) {
        const d = indegree.get(c)! - 1;
        indegree.set(c, d);
        if (d === 0) next.add(c);
      }
    }
    current = [...next].sort();
  }
  const blocked = nodes.filter((n) => !placed.has(n) && !inCycle.has(n)).sort();
  return { waves, cycles, blocked };
}

/** Tarjan's strongly connected components; a component of two or more nodes, or a self-loop, is a cycle. */
function findCycles(nodes: string[], children: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of children.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || children.get(v)?.has(v)) components.push(component);
    }
  };
  for (const n of [...nodes].sort()) if (!idx.has(n)) visit(n);

  return components
    .map((component) => cyclePath(component, children))
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A closed walk through a strongly connected component, for a message like `a -> b -> a`. */
function cyclePath(component: string[], children: Map<string, Set<string>>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  // Breadth-first search for the shortest way back to start inside the component.
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(children.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u))
          path.splice(1, 0, u);
        path.push(start);
        return path;
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
