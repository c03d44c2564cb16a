import { describe, expect, it } from 'vitest';
import { order } from '../../../src/graph/order.js';

const e = (parent: string, child: string) => ({ parent, child });

describe('order', () => {
  it('puts every node after its parents, in levels', () => {
    const r = order(['svc', 'base', 'ml', 'api'], [e('base', 'ml'), e('ml', 'svc'), e('base', 'api')]);
    expect(r.waves).toEqual([['base'], ['api', 'ml'], ['svc']]);
    expect(r.cycles).toEqual([]);
  });

  it('names a cycle as a closed path and leaves it and its descendants out of the waves', () => {
    const r = order(['a', 'b', 'c', 'd', 'x'], [e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')]);
    expect(r.cycles).toEqual([['a', 'b', 'c', 'a']]);
    expect(r.waves).toEqual([['x']]);
    expect(r.blocked).toEqual(['d']);
  });

  it('reports a self-loop as a cycle', () => {
    const r = order(['a'], [e('a', 'a')]);
    expect(r.cycles).toEqual([['a', 'a']]);
    expect(r.waves).toEqual([]);
  });

  it('ignores edges to unknown nodes and duplicate edges', () => {
    const r = order(['a', 'b'], [e('a', 'b'), e('a', 'b'), e('zz', 'a')]);
    expect(r.waves).toEqual([['a'], ['b']]);
  });

  it('orders 2,000 nodes in a long chain without recursion trouble in the waves', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => `n${String(i).padStart(4, '0')}`);
    const edges = nodes.slice(1).map((n, i) => e(nodes[i]!, n));
    const r = order(nodes, edges);
    expect(r.waves).toHaveLength(2000);
  });
});
