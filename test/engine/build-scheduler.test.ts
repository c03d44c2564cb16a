import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runBuild, type SchedulerEvent } from '../../src/build/scheduler.js';
import { createEngine } from '../../src/engine/client.js';
import type { Image, ImageGraph } from '../../src/model/graph.js';
import type { BuildPlan } from '../../src/model/plan.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { testdir } from '../helpers/testdir.js';

const engineUp = await requireEngine();
const PREFIX = 'strata-test-engine/build';
const engine = createEngine();

interface Spec {
  dockerfile: string;
  parents?: string[];
}

/** A repository with one folder per image, its graph and a plan that builds all of them. */
async function repo(
  specs: Record<string, Spec>,
): Promise<{ graph: ImageGraph; plan: BuildPlan; root: string }> {
  const run = `${Date.now()}`;
  const tree: Record<string, string> = {};
  for (const [id, spec] of Object.entries(specs))
    tree[`${id}/Dockerfile`] = spec.dockerfile.replaceAll('@RUN@', run);
  const root = await testdir(tree);
  const images: Image[] = Object.keys(specs).map((id) => ({
    id,
    dockerfile: `${id}/Dockerfile`,
    context: id,
    args: {},
    tags: [`${PREFIX}-${id}:test`],
    platforms: [],
    contexts: {},
    origins: [],
    services: [],
    role: 'service',
  }));
  const graph: ImageGraph = {
    root,
    images,
    edges: Object.entries(specs).flatMap(([id, s]) =>
      (s.parents ?? []).map((p) => ({
        parent: p,
        child: id,
        kind: 'from' as const,
        via: `${PREFIX}-${p}:test`,
      })),
    ),
    externalBases: [],
    waves: [],
    unused: [],
    cycles: [],
    diagnostics: [],
  };
  const plan: BuildPlan = {
    images: Object.entries(specs).map(([id, s]) => ({
      id,
      tags: [`${PREFIX}-${id}:test`],
      action: 'build' as const,
      reasons: [{ kind: 'no-previous-build' as const, message: 'never built' }],
      fingerprint: `fp-${id}-${run}`,
      parents: s.parents ?? [],
    })),
    waves: [],
  };
  return { graph, plan, root };
}

/** Image ids the tests built: removed at the end with the tags, so no dangling image is left. */
const produced = new Set<string>();

async function removeTestImages(): Promise<void> {
  const refs = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
  const mine = [...refs.filter((r) => r.startsWith(PREFIX)), ...produced];
  for (const ref of mine) await docker(['image', 'rm', '-f', ref]).catch(() => undefined);
}

async function build(...args: Parameters<typeof runBuild>) {
  const result = await runBuild(...args);
  for (const r of result.images) if (r.imageId) produced.add(r.imageId);
  return result;
}

function processesWith(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker) && !l.includes(' ps -eo'));
}

describe.skipIf(!engineUp)('runBuild on the real engine', () => {
  let base = '';
  beforeAll(async () => {
    base = await busyboxImage();
    await removeTestImages();
  });
  afterAll(removeTestImages);

  test('order and parallelism: independent images overlap, a child starts after its parent', async () => {
    const { graph, plan } = await repo({
      left: { dockerfile: `FROM ${base}\nRUN echo left @RUN@ && sleep 4\n` },
      right: { dockerfile: `FROM ${base}\nRUN echo right @RUN@ && sleep 4\n` },
      child: {
        dockerfile: `FROM ${PREFIX}-left:test\nRUN echo child @RUN@ && cat /bin/busybox > /dev/null\n`,
        parents: ['left'],
      },
    });
    const events: SchedulerEvent[] = [];
    const result = await build(graph, plan, { engine, jobs: 2, onEvent: (e) => events.push(e) });
    expect(result.images.map((r) => [r.id, r.status])).toEqual([
      ['left', 'built'],
      ['right', 'built'],
      ['child', 'built'],
    ]);
    const by = Object.fromEntries(result.images.map((r) => [r.id, r]));
    const left = by.left!;
    const right = by.right!;
    const child = by.child!;
    // overlap: each started before the other finished
    expect(left.startedAt!).toBeLessThan(right.finishedAt!);
    expect(right.startedAt!).toBeLessThan(left.finishedAt!);
    expect(child.startedAt!).toBeGreaterThanOrEqual(left.finishedAt!);
    // labels on the built image, from the plan
    const details = await engine.inspectImage(`${PREFIX}-child:test`);
    expect(details?.labels).toMatchObject({
      'org.strata.image': 'child',
      'org.strata.fingerprint': plan.images[2]!.fingerprint,
    });
    expect(child.size).toBeGreaterThan(1_000_000);
    expect(child.steps.map((s) => s.name)).toContain(
      '[2/2] RUN echo child ' +
        plan.images[2]!.fingerprint.split('-').pop() +
        ' && cat /bin/busybox > /dev/null',
    );
    expect(await fs.readFile(child.logFile!, 'utf8')).toMatch(/#\d+ \d+\.\d+ child \d+/);
    const sequential = left.durationMs + right.durationMs;
    const parallel =
      Math.max(left.finishedAt!, right.finishedAt!) - Math.min(left.startedAt!, right.startedAt!);
    console.log(
      `two independent images: ${(left.durationMs / 1000).toFixed(1)} s + ${(right.durationMs / 1000).toFixed(1)} s built in ${(parallel / 1000).toFixed(1)} s (speedup ${(sequential / parallel).toFixed(2)}x)`,
    );
    expect(parallel).toBeLessThan(sequential * 0.8);
    expect(
      events
        .filter((e) => e.type === 'image-start')
        .map((e) => e.id)
        .slice(-1),
    ).toEqual(['child']);
  });

  test('failure isolation: a failing image skips its child while a sibling builds; missing package diagnosed', async () => {
    const { graph, plan } = await repo({
      bad: {
        dockerfile: `FROM ${base}\nRUN echo @RUN@ && echo "Reading package lists..." && echo "E: Unable to locate package libwebp6" >&2 && exit 100\n`,
      },
      badchild: { dockerfile: `FROM ${PREFIX}-bad:test\nRUN echo never\n`, parents: ['bad'] },
      sibling: { dockerfile: `FROM ${base}\nRUN echo sibling @RUN@ && sleep 2\n` },
    });
    const result = await build(graph, plan, { engine, jobs: 2 });
    expect(result.ok).toBe(false);
    const by = Object.fromEntries(result.images.map((r) => [r.id, r]));
    expect(by.bad?.status).toBe('failed');
    expect(by.badchild).toMatchObject({ status: 'skipped', reason: 'parent bad failed' });
    expect(by.sibling?.status).toBe('built');
    const d = by.bad!.diagnosis!;
    expect(d.instruction).toMatch(/^\[2\/2\] RUN echo \d+ && echo "Reading package lists/);
    expect(d.lastLines).toContain('E: Unable to locate package libwebp6');
    expect(d.hints[0]?.code).toBe('apt-package-missing');
    expect(d.hints[0]?.detail?.[0]).toMatch(/^libwebp6: try libwebp7, libwebp5, libwebp-dev/);
    expect(await engine.inspectImage(`${PREFIX}-bad:test`)).toBeUndefined();
  });

  test('Ctrl-C: the running build is stopped, its tag not created, no process left', async () => {
    const marker = `strata-ctrlc-${Date.now()}`;
    const { graph, plan } = await repo({
      slow: { dockerfile: `FROM ${base}\nRUN echo ${marker} && sleep 300\n` },
      after: { dockerfile: `FROM ${PREFIX}-slow:test\nRUN echo after\n`, parents: ['slow'] },
    });
    const controller = new AbortController();
    const started = Date.now();
    const run = build(graph, plan, {
      engine,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'image-progress' && e.event.type === 'log' && e.event.text === marker)
          controller.abort();
      },
    });
    const result = await run;
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.interrupted).toBe(true);
    expect(result.images.map((r) => [r.id, r.status])).toEqual([
      ['slow', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    expect(await engine.inspectImage(`${PREFIX}-slow:test`)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2000));
    expect(processesWith(marker)).toEqual([]);
  });

  test('stall: a step that prints a prompt without a newline and waits is stopped by --stall-timeout', async () => {
    const { graph, plan } = await repo({
      asks: { dockerfile: `FROM ${base}\nRUN echo @RUN@ && printf 'Geographic area: ' && sleep 600\n` },
    });
    const started = Date.now();
    const result = await build(graph, plan, { engine, stallTimeoutMs: 4000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    const r = result.images[0]!;
    expect(r.status).toBe('failed');
    expect(r.failure?.kind).toBe('stalled');
    expect(r.failure?.message).toMatch(
      /^no output for \d+ s in step \[2\/2\] RUN echo \d+ && printf 'Geographic area: '/,
    );
    expect(r.diagnosis?.hints[0]?.code).toBe('stalled');
  });
});
