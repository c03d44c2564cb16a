import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BuildRunResult } from '../../../src/build/scheduler.js';
import { stampAfterBuild } from '../../../src/build/stamp.js';
import type { Image } from '../../../src/model/graph.js';
import type { Fingerprint } from '../../../src/model/plan.js';
import { readNoopStamp, snapshotTree } from '../../../src/state/noop-stamp.js';
import { stampPath } from '../../../src/state/paths.js';
import { graphOf, imageOf } from '../../helpers/graph.js';
import { testdir } from '../../helpers/testdir.js';
import { imageDetails } from './fake-engine.js';

const engine = {
  inspectImage: async (ref: string) => imageDetails(`sha256:${ref}`),
};

function fixture(image: Partial<Image>, status = 'built', ok = true) {
  const full = imageOf('app', image);
  const graph = graphOf([full]);
  const plan = {
    images: [
      { id: 'app', tags: full.tags, action: 'build' as const, reasons: [], fingerprint: 'f1', parents: [] },
    ],
    waves: [['app']],
    fingerprints: { app: { hash: 'f1', externalBases: {} } as unknown as Fingerprint },
  };
  const run = {
    ok,
    interrupted: false,
    durationMs: 1,
    images: [{ id: 'app', status }],
  } as unknown as BuildRunResult;
  return { graph, plan, run };
}

describe('stampAfterBuild', () => {
  it('stamps a build that left every image up to date, with the id behind each tag', async () => {
    const root = await testdir({ 'app/Dockerfile': 'FROM x\n' });
    const ok = await stampAfterBuild({ root, ...fixture({}), engine, args: [], tree: snapshotTree(root) });
    expect(ok).toBe(true);
    expect(readNoopStamp(root)?.engine).toEqual({ 'app:1': 'sha256:app:1' });
  });

  it.each([
    ['a failed image', fixture({}, 'failed', false)],
    ['an image without a tag', fixture({ tags: [] })],
    ['a context outside the root', fixture({ context: '../elsewhere' })],
    ['a git context', fixture({ context: 'https://example.invalid/repo.git' })],
    ['a named context outside the root', fixture({ contexts: { shared: '../shared' } })],
  ])('does not stamp %s, and removes an old stamp', async (_name, input) => {
    const root = await testdir({ 'app/Dockerfile': 'FROM x\n' });
    await stampAfterBuild({ root, ...fixture({}), engine, args: [], tree: snapshotTree(root) });
    const ok = await stampAfterBuild({ root, ...input, engine, args: [], tree: snapshotTree(root) });
    expect(ok).toBe(false);
    await expect(fs.access(stampPath(root))).rejects.toThrow();
  });

  it('does not stamp when an external base has no known identity', async () => {
    const root = await testdir({ 'app/Dockerfile': 'FROM x\n' });
    const input = fixture({});
    input.graph.externalBases = [
      {
        ref: { raw: 'x', registry: 'docker.io', repository: 'library/x', familiar: 'x:latest' },
        usedBy: ['app'],
        pinned: false,
      },
    ];
    input.plan.fingerprints.app = { hash: 'f1', externalBases: { x: 'absent' } } as unknown as Fingerprint;
    expect(await stampAfterBuild({ root, ...input, engine, args: [], tree: snapshotTree(root) })).toBe(false);
  });
});
