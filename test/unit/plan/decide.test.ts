import { describe, expect, test } from 'vitest';
import type { Fingerprint } from '../../../src/model/plan.js';
import { type DecideInput, decide, type LocalImageFacts } from '../../../src/plan/plan.js';
import { fingerprint, graph, image } from './graph-data.js';

/** The engine holds every tag of the image, built from `fp`. */
const builtFrom = (id: string, fp: Fingerprint): LocalImageFacts => ({
  [`${id}:latest`]: { present: true, fingerprint: fp.hash },
});

function one(previous: Fingerprint, current: Fingerprint, extra: Partial<DecideInput> = {}) {
  const plan = decide({
    graph: graph([image('api')]),
    fingerprints: { api: current },
    previous: { api: previous },
    local: { api: builtFrom('api', previous) },
    ...extra,
  });
  return plan.images[0]!;
}

describe('decide: one image, each kind of input', () => {
  const before = fingerprint({
    files: { 'api/src/app.py': 'h1', 'api/requirements.txt': 'r1' },
    args: { APP_ENV: 'production' },
  });

  test('nothing changed: skip, the tag already carries the fingerprint', () => {
    const planned = one(before, before);
    expect(planned.action).toBe('skip');
    expect(planned.reasons).toEqual([
      { kind: 'up-to-date', message: 'api:latest already built from these inputs', subjects: ['api:latest'] },
    ]);
  });

  test('a used file changed: build, naming the file', () => {
    const after = fingerprint({ ...before, files: { ...before.files, 'api/src/app.py': 'h2' } });
    const planned = one(before, after);
    expect(planned.action).toBe('build');
    expect(planned.reasons).toEqual([
      { kind: 'files-changed', message: 'api/src/app.py changed', subjects: ['api/src/app.py'] },
    ]);
  });

  test('an ignored file changed: it is not among the files, so the fingerprint and the action stay', () => {
    // contextFiles leaves ignored files out; a change to one yields the same parts.
    const after = fingerprint({ ...before, files: { ...before.files } });
    expect(after.hash).toBe(before.hash);
    expect(one(before, after).action).toBe('skip');
  });

  test('files added and removed are told apart; many changes are summed up', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`api/f${i}.py`] = 'x';
    const after = fingerprint({ ...before, files: { 'api/src/app.py': 'h1', ...files } });
    const reasons = one(before, after).reasons.map((r) => r.message);
    expect(reasons).toEqual([
      'api/f0.py added',
      'api/f1.py added',
      'api/f2.py added',
      'api/f3.py added',
      'api/f4.py added',
      '4 more files changed',
    ]);
    expect(one(before, after).reasons[5]!.subjects).toEqual([
      'api/f5.py',
      'api/f6.py',
      'api/f7.py',
      'api/requirements.txt',
    ]);
  });

  test('an arg changed: build, naming the arg and never a value', () => {
    const after = fingerprint({ ...before, args: { APP_ENV: 'dev', EXTRA: '1' } });
    expect(one(before, after).reasons).toEqual([
      { kind: 'args-changed', message: 'arg APP_ENV changed', subjects: ['APP_ENV'] },
      { kind: 'args-changed', message: 'arg EXTRA added', subjects: ['EXTRA'] },
    ]);
  });

  test('the external base changed: build, naming the base with short ids', () => {
    const a = fingerprint({ externalBases: { 'python:3.12-slim': `sha256:${'a'.repeat(64)}` } });
    const b = fingerprint({ externalBases: { 'python:3.12-slim': `sha256:${'b'.repeat(64)}` } });
    expect(one(a, b).reasons).toEqual([
      {
        kind: 'external-base-changed',
        message: 'external base python:3.12-slim changed (aaaaaaaaaaaa -> bbbbbbbbbbbb)',
        subjects: ['python:3.12-slim'],
      },
    ]);
  });

  test('target, platform, Dockerfile and .dockerignore changes each have their reason', () => {
    const a = fingerprint({ dockerfile: 'd1', target: 'runtime' });
    const b = fingerprint({ dockerfile: 'd2', dockerignore: 'i1', target: 'dev', platform: 'linux/arm64' });
    expect(one(a, b).reasons.map((r) => [r.kind, r.message])).toEqual([
      ['dockerfile-changed', 'Dockerfile changed'],
      ['dockerignore-changed', '.dockerignore added'],
      ['target-changed', 'target: runtime -> dev'],
      ['platform-changed', 'platform: (engine default) -> linux/arm64'],
    ]);
    const c = fingerprint({ dockerfile: 'd2', dockerignore: 'i2', target: 'dev', platform: 'linux/arm64' });
    expect(one(b, c).reasons.map((r) => r.message)).toEqual(['.dockerignore changed']);
  });

  test('no build recorded and no image: build, "no previous build"', () => {
    const plan = decide({
      graph: graph([image('api')]),
      fingerprints: { api: before },
      previous: {},
      local: {},
    });
    expect(plan.images[0]).toMatchObject({
      action: 'build',
      reasons: [{ kind: 'no-previous-build', message: 'no previous build' }],
    });
  });

  test('same inputs but the tag is gone from the engine: build, "not in the engine"', () => {
    const planned = one(before, before, { local: { api: { 'api:latest': { present: false } } } });
    expect(planned.action).toBe('build');
    expect(planned.reasons).toEqual([
      { kind: 'image-missing', message: 'api:latest is not in the engine', subjects: ['api:latest'] },
    ]);
  });

  test('the tag holds an image from other inputs (another branch built it): build and say so', () => {
    const other = fingerprint({ dockerfile: 'other' });
    const planned = one(before, before, { local: { api: builtFrom('api', other) } });
    expect(planned.reasons[0]!.message).toBe('api:latest holds an image built from other inputs');
  });

  test('force builds what is up to date', () => {
    expect(one(before, before, { force: true })).toMatchObject({
      action: 'build',
      reasons: [{ kind: 'forced' }],
    });
    expect(one(before, before, { force: ['other'] }).action).toBe('skip');
  });

  test('an image without tags cannot be found again: build, and say why', () => {
    const plan = decide({
      graph: graph([image('api', { tags: [] })]),
      fingerprints: { api: before },
      previous: { api: before },
      local: { api: {} },
    });
    expect(plan.images[0]!.reasons[0]!.kind).toBe('image-missing');
  });
});

describe('decide: parents and the registry', () => {
  const family = graph(
    [image('base'), image('ml'), image('api'), image('web')],
    [
      ['base', 'ml'],
      ['ml', 'api'],
      ['base', 'web'],
    ],
  );
  const fps = {
    base: fingerprint({ dockerfile: 'b' }),
    ml: fingerprint({ dockerfile: 'm' }),
    api: fingerprint({ dockerfile: 'a' }),
    web: fingerprint({ dockerfile: 'w' }),
  };
  const allBuilt = Object.fromEntries(Object.entries(fps).map(([id, fp]) => [id, builtFrom(id, fp)]));

  test('everything up to date: all skipped, waves follow the graph', () => {
    const plan = decide({ graph: family, fingerprints: fps, previous: fps, local: allBuilt });
    expect(plan.images.map((i) => [i.id, i.action])).toEqual([
      ['base', 'skip'],
      ['ml', 'skip'],
      ['web', 'skip'],
      ['api', 'skip'],
    ]);
    expect(plan.waves).toEqual([['base'], ['ml', 'web'], ['api']]);
    expect(plan.images.find((i) => i.id === 'api')!.parents).toEqual(['ml']);
  });

  test('a parent rebuild cascades to its children and grandchildren', () => {
    const changedBase = fingerprint({ dockerfile: 'b2' });
    const ml = fingerprint({ dockerfile: 'm', parents: { base: changedBase.hash } });
    const plan = decide({
      graph: family,
      fingerprints: { ...fps, base: changedBase, ml },
      previous: { ...fps, ml: fingerprint({ dockerfile: 'm', parents: { base: fps.base.hash } }) },
      local: allBuilt,
    });
    const byId = Object.fromEntries(plan.images.map((i) => [i.id, i]));
    expect(byId.base!.reasons.map((r) => r.message)).toEqual(['Dockerfile changed']);
    expect(byId.ml!.action).toBe('build');
    expect(byId.ml!.reasons).toEqual([
      { kind: 'parent-rebuilt', message: 'parent base rebuilt', subjects: ['base'] },
    ]);
    expect(byId.api!.reasons.map((r) => r.message)).toEqual(['parent ml rebuilt']);
    expect(byId.web!.action).toBe('build');
  });

  test('a change in one service builds only that service', () => {
    const api = fingerprint({ dockerfile: 'a', files: { 'api/app.py': 'new' } });
    const plan = decide({ graph: family, fingerprints: { ...fps, api }, previous: fps, local: allBuilt });
    expect(plan.images.filter((i) => i.action === 'build').map((i) => i.id)).toEqual(['api']);
  });

  test('a parent whose fingerprint moved while the child was not rebuilt (--no-deps earlier): parent-changed', () => {
    const ml = fingerprint({ dockerfile: 'm', parents: { base: 'new' } });
    const plan = decide({
      graph: family,
      fingerprints: { ...fps, ml },
      previous: { ...fps, ml: fingerprint({ dockerfile: 'm', parents: { base: 'old' } }) },
      local: allBuilt,
      selection: ['ml'],
    });
    expect(plan.images).toHaveLength(1);
    expect(plan.images[0]!.reasons).toEqual([
      { kind: 'parent-changed', message: 'parent base changed since the last build', subjects: ['base'] },
    ]);
    expect(plan.waves).toEqual([['ml']]);
  });

  test('an image the engine lacks whose fingerprint tag the registry holds is reused, and does not cascade', () => {
    const plan = decide({
      graph: family,
      fingerprints: fps,
      previous: {},
      local: {},
      registry: {
        base: { ref: 'r:5000/base:fp-1', available: true },
        ml: { ref: 'r:5000/ml:fp-2', available: true },
        api: { ref: 'r:5000/api:fp-3', available: false },
        web: { ref: 'r:5000/web:fp-4', available: 'unknown' },
      },
    });
    const byId = Object.fromEntries(plan.images.map((i) => [i.id, i]));
    expect(byId.base).toMatchObject({
      action: 'reuse',
      reuseFrom: 'r:5000/base:fp-1',
      reasons: [{ kind: 'in-registry', message: 'r:5000/base:fp-1 holds this fingerprint' }],
    });
    expect(byId.ml!.action).toBe('reuse');
    expect(byId.api!.action).toBe('build');
    expect(byId.web!.action).toBe('build');
  });

  test('a child of a rebuilt parent is built even when the registry holds its fingerprint', () => {
    const plan = decide({
      graph: family,
      fingerprints: fps,
      previous: fps,
      local: { ...allBuilt, base: {} },
      registry: { ml: { ref: 'r/ml:fp', available: true } },
      selection: ['base', 'ml'],
    });
    expect(plan.images.map((i) => i.action)).toEqual(['build', 'build']);
  });
});
