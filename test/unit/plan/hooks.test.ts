import { describe, expect, test } from 'vitest';
import type { ComputedPlan } from '../../../src/plan/compute.js';
import { planLabels } from '../../../src/plan/fingerprint.js';
import { createPlanHooks, finalPushRef } from '../../../src/plan/hooks.js';
import { readState } from '../../../src/state/index.js';
import { testdir } from '../../helpers/testdir.js';
import { fingerprint } from './graph-data.js';

function fakeEngine(registry: Set<string>) {
  const calls: string[] = [];
  return {
    calls,
    engine: {
      pull: async (ref: string) => {
        calls.push(`pull ${ref}`);
        return registry.has(ref);
      },
      tag: async (a: string, b: string) => void calls.push(`tag ${a} ${b}`),
      push: async (ref: string) => void calls.push(`push ${ref}`),
    },
  };
}

async function planIn(root: string): Promise<ComputedPlan> {
  const fps = {
    base: fingerprint({ dockerfile: 'b' }),
    api: fingerprint({ dockerfile: 'a' }),
    web: fingerprint({ dockerfile: 'w' }),
  };
  return {
    root,
    registry: '127.0.0.1:5000/team',
    fingerprints: fps,
    waves: [['base'], ['api', 'web']],
    images: [
      {
        id: 'base',
        tags: ['base:latest'],
        action: 'reuse',
        parents: [],
        fingerprint: fps.base.hash,
        reuseFrom: `127.0.0.1:5000/team/base:fp-${fps.base.hash}`,
        reasons: [],
      },
      {
        id: 'api',
        tags: ['api:latest', 'api:1'],
        action: 'build',
        parents: ['base'],
        fingerprint: fps.api.hash,
        reasons: [],
      },
      {
        id: 'web',
        tags: ['web:latest'],
        action: 'skip',
        parents: ['base'],
        fingerprint: fps.web.hash,
        reasons: [],
      },
    ],
  };
}

describe('createPlanHooks', () => {
  test('reuse pulls the fingerprint tag and gives it every final tag; a registry without it says false', async () => {
    const root = await testdir({});
    const plan = await planIn(root);
    const { engine, calls } = fakeEngine(new Set([plan.images[0]!.reuseFrom!]));
    const hooks = createPlanHooks({ engine, plan });
    expect(await hooks.reuse({ id: 'base' })).toBe(true);
    expect(calls).toEqual([
      `pull ${plan.images[0]!.reuseFrom}`,
      `tag ${plan.images[0]!.reuseFrom} base:latest`,
    ]);
    expect(await hooks.reuse({ id: 'api' })).toBe(false);
    await hooks.finish();
    expect((await readState(root)).images.base).toMatchObject({
      how: 'reused',
      fingerprint: plan.fingerprints.base,
    });
  });

  test('onBuilt records the fingerprint and pushes R/<name>:fp-<hash>; with push, the final tags too', async () => {
    const root = await testdir({});
    const plan = await planIn(root);
    const { engine, calls } = fakeEngine(new Set());
    const hooks = createPlanHooks({ engine, plan, push: true });
    await hooks.onBuilt({ id: 'api' }, { imageId: 'sha256:1' });
    await hooks.finish();
    const fpRef = `127.0.0.1:5000/team/api:fp-${plan.fingerprints.api!.hash}`;
    const webRef = `127.0.0.1:5000/team/web:fp-${plan.fingerprints.web!.hash}`;
    // Tags without a registry go to the one named with --registry, never to Docker Hub; a skipped image is published too.
    expect(calls).toEqual([
      `tag api:latest ${fpRef}`,
      `push ${fpRef}`,
      'tag api:latest 127.0.0.1:5000/team/api:latest',
      'push 127.0.0.1:5000/team/api:latest',
      'tag api:1 127.0.0.1:5000/team/api:1',
      'push 127.0.0.1:5000/team/api:1',
      `tag web:latest ${webRef}`,
      `push ${webRef}`,
      'tag web:latest 127.0.0.1:5000/team/web:latest',
      'push 127.0.0.1:5000/team/web:latest',
    ]);
    const state = await readState(root);
    expect(state.images.api).toMatchObject({
      how: 'built',
      imageId: 'sha256:1',
      tags: ['api:latest', 'api:1'],
    });
    // A skipped image state.json did not know is recorded, so later plans can tell what changed.
    expect(state.images.web!.fingerprint.hash).toBe(plan.fingerprints.web!.hash);
  });

  test('the first reuse starts the pulls of every image to reuse, each pulled once', async () => {
    const root = await testdir({});
    const plan = await planIn(root);
    const web = plan.images[2]!;
    web.action = 'reuse';
    web.reuseFrom = 'r/web:fp';
    const { engine, calls } = fakeEngine(new Set([plan.images[0]!.reuseFrom!, 'r/web:fp']));
    const hooks = createPlanHooks({ engine, plan });
    expect(await hooks.reuse({ id: 'base' })).toBe(true);
    expect(calls.filter((c) => c.startsWith('pull'))).toEqual([
      `pull ${plan.images[0]!.reuseFrom}`,
      'pull r/web:fp',
    ]);
    expect(await hooks.reuse({ id: 'web' })).toBe(true);
    expect(calls.filter((c) => c.startsWith('pull'))).toHaveLength(2);
    expect(calls).toContain('tag r/web:fp web:latest');
  });

  test('finalPushRef: a named registry is kept, none goes to --registry, and never to Docker Hub unasked', () => {
    expect(finalPushRef('ghcr.io/acme/api:1', 'r:5000')).toBe('ghcr.io/acme/api:1');
    expect(finalPushRef('localhost/api', undefined)).toBe('localhost/api');
    expect(finalPushRef('acme/api:1', 'r:5000/team/')).toBe('r:5000/team/acme/api:1');
    expect(() => finalPushRef('acme/api:1', undefined)).toThrow(/names no registry/);
  });

  test('planLabels carries the fingerprint label', () => {
    expect(planLabels({ fingerprint: 'abc' })).toEqual({ 'org.strata.fingerprint': 'abc' });
  });
});
