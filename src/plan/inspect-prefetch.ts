import type { EngineClient, ImageDetails } from '../engine/types.js';

type Inspector = Pick<EngineClient, 'inspectImage' | 'inspectImages'>;

/**
 * An engine whose `inspectImage` answers from one batched `inspectImages` call over `refs` (a plan asks
 * about every tag and external base: one docker call instead of one each). Refs outside the batch, and
 * engines without batching, are asked as before.
 */
export async function prefetchInspect<E extends Inspector>(engine: E, refs: string[]): Promise<E> {
  if (!engine.inspectImages || refs.length === 0) return engine;
  const known: Map<string, ImageDetails | undefined> = await engine.inspectImages(refs);
  const inspectImage = (ref: string): Promise<ImageDetails | undefined> =>
    known.has(ref) ? Promise.resolve(known.get(ref)) : engine.inspectImage(ref);
  return Object.assign(Object.create(engine) as E, { inspectImage });
}
