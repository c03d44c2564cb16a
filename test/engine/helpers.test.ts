import { describe, expect, it } from 'vitest';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';

const engine = await requireEngine();

describe.skipIf(!engine)('engine test helpers', () => {
  it('makes a local busybox base image that runs', async () => {
    const tag = await busyboxImage();
    const out = await docker(['run', '--rm', tag, 'echo', 'hello']);
    expect(out.trim()).toBe('hello');
  });
});
