import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runBuild, type SchedulerEvent } from '../../../src/build/scheduler.js';
import { FakeEngine, family } from './fake-engine.js';

const logDir = path.join(os.tmpdir(), 'strata-unit-logs');

describe('runBuild scheduling', () => {
  test('a child starts as soon as its own parents are done, not wave by wave', async () => {
    // base -> slow-child ; base -> fast-child -> grandchild. grandchild must not wait for slow-child.
    const { graph, plan } = family({ base: [], slow: ['base'], fast: ['base'], grand: ['fast'] });
    const engine = new FakeEngine({ base: 30, slow: 300, fast: 30, grand: 30 });
    const result = await runBuild(graph, plan, { engine, jobs: 4, logDir, probe: false });
    expect(result.ok).toBe(true);
    const t = Object.fromEntries(engine.log.map((e) => [e.id, e]));
    expect(t.slow!.start).toBeGreaterThanOrEqual(t.base!.end!);
    expect(t.fast!.start).toBeGreaterThanOrEqual(t.base!.end!);
    expect(t.grand!.start).toBeGreaterThanOrEqual(t.fast!.end!);
    expect(t.grand!.end!).toBeLessThan(t.slow!.end!);
  });

  test('jobs caps how many build at once', async () => {
    const { graph, plan } = family({ a: [], b: [], c: [], d: [] });
    const engine = new FakeEngine({ a: 50, b: 50, c: 50, d: 50 });
    await runBuild(graph, plan, { engine, jobs: 2, logDir, probe: false });
    const overlaps = (at: number) => engine.log.filter((e) => e.start <= at && (e.end ?? 0) > at).length;
    expect(Math.max(...engine.log.map((e) => overlaps(e.start)))).toBe(2);
  });

  test('a failed image skips its dependents; a sibling still builds', async () => {
    const { graph, plan } = family({
      base: [],
      bad: ['base'],
      child: ['bad'],
      grandchild: ['child'],
      sibling: ['base'],
    });
    const engine = new FakeEngine({}, ['bad']);
    const result = await runBuild(graph, plan, { engine, jobs: 2, logDir, probe: false });
    expect(result.ok).toBe(false);
    const by = Object.fromEntries(result.images.map((r) => [r.id, r]));
    expect(by.bad?.status).toBe('failed');
    expect(by.bad?.diagnosis?.instruction).toBe('[2/2] RUN make');
    expect(by.child).toMatchObject({ status: 'skipped', reason: 'parent bad failed' });
    expect(by.grandchild).toMatchObject({ status: 'skipped', reason: 'parent child was not built' });
    expect(by.sibling?.status).toBe('built');
    expect(engine.log.map((e) => e.id)).not.toContain('child');
  });

  test('fail-fast cancels the running builds and starts nothing else', async () => {
    const { graph, plan } = family({ bad: [], long: [], later: ['long'] });
    const engine = new FakeEngine({ bad: 20, long: 5000, later: 10 }, ['bad']);
    const started = Date.now();
    const result = await runBuild(graph, plan, { engine, jobs: 2, failFast: true, logDir, probe: false });
    expect(Date.now() - started).toBeLessThan(2000);
    const by = Object.fromEntries(result.images.map((r) => [r.id, r]));
    expect(by.bad?.status).toBe('failed');
    expect(by.long).toMatchObject({ status: 'cancelled', reason: '--fail-fast: bad failed' });
    expect(by.later?.status).toBe('skipped');
  });

  test('an abort signal (Ctrl-C) cancels running and pending images', async () => {
    const { graph, plan } = family({ a: [], b: ['a'] });
    const engine = new FakeEngine({ a: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await runBuild(graph, plan, {
      engine,
      jobs: 2,
      signal: controller.signal,
      logDir,
      probe: false,
    });
    expect(result.interrupted).toBe(true);
    expect(result.images.map((r) => [r.id, r.status])).toEqual([
      ['a', 'cancelled'],
      ['b', 'cancelled'],
    ]);
  });

  test('skip does nothing; reuse calls the hook, and builds when it returns false', async () => {
    const { graph, plan } = family(
      { base: [], pulled: ['base'], missing: ['base'], app: ['pulled'] },
      {
        base: 'skip',
        pulled: 'reuse',
        missing: 'reuse',
      },
    );
    const engine = new FakeEngine({});
    const asked: string[] = [];
    const result = await runBuild(graph, plan, {
      engine,
      logDir,
      probe: false,
      reuse: async (p) => {
        asked.push(p.id);
        return p.id === 'pulled';
      },
    });
    expect(asked.sort()).toEqual(['missing', 'pulled']);
    expect(engine.log.map((e) => e.id).sort()).toEqual(['app', 'missing']);
    const by = Object.fromEntries(result.images.map((r) => [r.id, r]));
    expect(by.base).toMatchObject({ status: 'skipped', reason: 'up to date' });
    expect(by.pulled?.status).toBe('reused');
    expect(by.missing).toMatchObject({ status: 'built', reason: 'built: the registry did not have it' });
  });

  test('labels, tags, log file, size, cached share, onBuilt hook and events', async () => {
    const { graph, plan } = family({ cached: [] });
    const engine = new FakeEngine({ cached: 5 });
    const events: SchedulerEvent[] = [];
    const built: string[] = [];
    const result = await runBuild(graph, plan, {
      engine,
      logDir,
      probe: false,
      onEvent: (e) => events.push(e),
      onBuilt: (p, r) => {
        built.push(`${p.id}:${r.status}`);
        throw new Error('push refused');
      },
    });
    const request = engine.log[0]!.request;
    expect(request.labels).toEqual({ 'org.strata.fingerprint': 'fp-cached', 'org.strata.image': 'cached' });
    expect(request.dockerfile).toBe('/repo/cached/Dockerfile');
    expect(request.context).toBe('/repo/cached');
    expect(request.tags).toEqual(['t/cached:latest']);
    const r = result.images[0]!;
    expect(r).toMatchObject({
      status: 'built',
      size: 1234,
      cachedShare: 1,
      imageId: 'sha256:cached',
      warnings: ['push refused'],
    });
    expect(r.logFile).toBe(path.join(logDir, 'cached.log'));
    expect(built).toEqual(['cached:built']);
    expect(events.map((e) => e.type)).toEqual(['image-start', 'image-progress', 'image-finish']);
  });
});
