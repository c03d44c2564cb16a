import { describe, expect, it } from 'vitest';
import { prefetchInspect } from '../../../src/plan/inspect-prefetch.js';
import { imageDetails } from '../build/fake-engine.js';

describe('prefetchInspect', () => {
  it('answers the batch from one call and asks the engine only for refs outside it', async () => {
    const calls: string[] = [];
    const engine = {
      inspectImage: async (ref: string) => {
        calls.push(`one ${ref}`);
        return imageDetails(ref);
      },
      inspectImages: async (refs: string[]) => {
        calls.push(`batch ${refs.join(' ')}`);
        return new Map(refs.map((r) => [r, r === 'gone:1' ? undefined : imageDetails(r)] as const));
      },
      pull: async (_ref: string) => true,
    };
    const wrapped = await prefetchInspect(engine, ['a:1', 'gone:1']);
    expect((await wrapped.inspectImage('a:1'))?.id).toBe('a:1');
    expect(await wrapped.inspectImage('gone:1')).toBeUndefined();
    expect((await wrapped.inspectImage('other:2'))?.id).toBe('other:2');
    expect(await wrapped.pull('x')).toBe(true);
    expect(calls).toEqual(['batch a:1 gone:1', 'one other:2']);
  });

  it('leaves an engine without batching as it is', async () => {
    const engine = { inspectImage: async () => undefined };
    expect(await prefetchInspect(engine, ['a:1'])).toBe(engine);
  });
});
