import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/engine/client.js';
import type { BuildEvent } from '../../src/engine/types.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { dedent, testdir } from '../helpers/testdir.js';

const engineUp = await requireEngine();
const PREFIX = 'strata-test-engine/client';

function dockerProcesses(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

describe.skipIf(!engineUp)('engine client on the real engine', () => {
  let base = '';
  const engine = createEngine();

  beforeAll(async () => {
    base = await busyboxImage();
  });

  const produced = new Set<string>();
  afterAll(async () => {
    const refs = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
    for (const ref of [...refs.filter((r) => r.startsWith(PREFIX)), ...produced]) {
      await docker(['image', 'rm', '-f', ref]).catch(() => undefined);
    }
  });

  test('info: picks a client that can do BuildKit builds and says which', async () => {
    const info = await engine.info();
    expect(info.reachable).toBe(true);
    expect(info.buildkit).toBe(true);
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(info.buildMode === 'buildx' || info.buildMode === 'classic-buildkit').toBe(true);
    // On this machine `docker` on PATH is a 28.x client without buildx: it must be passed over.
    if (existsSync('/usr/local/bin/docker') && !info.buildx) expect(info.client).toBe('/usr/bin/docker');
    expect(info.clientNotes?.some((n) => n.includes('(chosen)'))).toBe(true);
  });

  test('build: events, steps, labels, tag, log file; inspect and diskUsage', async () => {
    const dir = await testdir({
      Dockerfile: dedent(`
        FROM ${base}
        COPY a.txt /a.txt
        RUN echo "hello from $(cat /a.txt)"
      `),
      'a.txt': `${Date.now()}\n`,
    });
    const events: BuildEvent[] = [];
    const logFile = path.join(dir, '.strata/logs/one.log');
    const tag = `${PREFIX}-one:test`;
    const outcome = await engine.build(
      {
        dockerfile: path.join(dir, 'Dockerfile'),
        context: dir,
        args: {},
        tags: [tag],
        labels: { 'org.strata.image': 'one', 'org.strata.fingerprint': 'f00' },
      },
      { onEvent: (e) => events.push(e), logFile },
    );
    if (outcome.imageId) produced.add(outcome.imageId);
    expect(outcome.failure).toBeUndefined();
    expect(outcome.ok).toBe(true);
    expect(outcome.imageId).toMatch(/^sha256:/);
    expect(outcome.steps.map((s) => s.name)).toEqual([
      expect.stringMatching(/^\[1\/3\] FROM/),
      '[2/3] COPY a.txt /a.txt',
      '[3/3] RUN echo "hello from $(cat /a.txt)"',
    ]);
    expect(events.some((e) => e.type === 'log' && e.text.startsWith('hello from '))).toBe(true);
    const log = await fs.readFile(logFile, 'utf8');
    expect(log).toMatch(/^# \S*docker build --file/);
    expect(log).toMatch(/# built sha256:/);

    const details = await engine.inspectImage(tag);
    expect(details?.id).toBe(outcome.imageId);
    expect(details?.labels).toMatchObject({ 'org.strata.image': 'one', 'org.strata.fingerprint': 'f00' });
    expect(await engine.inspectImage(`${PREFIX}-absent:nope`)).toBeUndefined();

    await engine.tag(tag, `${PREFIX}-one:second`);
    expect((await engine.inspectImage(`${PREFIX}-one:second`))?.id).toBe(outcome.imageId);
    await engine.removeImage(`${PREFIX}-one:second`);
    await engine.removeImage(`${PREFIX}-one:second`); // absent: no error
    expect(await engine.inspectImage(`${PREFIX}-one:second`)).toBeUndefined();

    const df = await engine.diskUsage();
    expect(df.images).toBeGreaterThan(0);
  });

  test('a failing build: failure kind error, the failing step, the existing tag not moved', async () => {
    const dir = await testdir({ Dockerfile: `FROM ${base}\nRUN echo boom >&2 && exit 3\n` });
    const tag = `${PREFIX}-fail:test`;
    // the tag already names a good image: a failed rebuild must leave it there
    await engine.tag(base, tag);
    const before = (await engine.inspectImage(tag))?.id;
    const outcome = await engine.build({
      dockerfile: path.join(dir, 'Dockerfile'),
      context: dir,
      args: {},
      tags: [tag],
      labels: {},
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.failure?.kind).toBe('error');
    expect(outcome.failure?.step).toBe('[2/2] RUN echo boom >&2 && exit 3');
    expect(outcome.failure?.message).toMatch(/exit code: 3/);
    expect(outcome.logTail.some((l) => l.includes('boom'))).toBe(true);
    expect((await engine.inspectImage(tag))?.id).toBe(before);
  });

  test('a step that shows a tzdata-like prompt and waits is stopped as a prompt; no process left, no tag', async () => {
    const marker = `strata-prompt-${Date.now()}`;
    const dir = await testdir({
      Dockerfile: dedent(`
        FROM ${base}
        RUN echo ${marker} && printf 'Configuring tzdata\\n------------------\\n\\nPlease select the geographic area in which you live.\\nGeographic area: ' && sleep 600
      `),
    });
    const tag = `${PREFIX}-prompt:test`;
    const started = Date.now();
    const outcome = await engine.build(
      { dockerfile: path.join(dir, 'Dockerfile'), context: dir, args: {}, tags: [tag], labels: {} },
      { promptTimeoutMs: 3000, stallTimeoutMs: 120_000 },
    );
    const took = Date.now() - started;
    expect(outcome.ok).toBe(false);
    expect(outcome.failure?.kind).toBe('prompt');
    expect(outcome.failure?.message).toMatch(/Please select the geographic area/);
    expect(outcome.failure?.step).toMatch(/RUN echo strata-prompt/);
    expect(took).toBeLessThan(60_000);
    expect(await engine.inspectImage(tag)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1500));
    expect(dockerProcesses(marker)).toEqual([]);
  });

  test('a silent step is stopped after stallTimeoutMs', async () => {
    const dir = await testdir({ Dockerfile: `FROM ${base}\nRUN sleep 300 # ${Date.now()}\n` });
    const outcome = await engine.build(
      { dockerfile: path.join(dir, 'Dockerfile'), context: dir, args: {}, tags: [], labels: {} },
      { stallTimeoutMs: 3000 },
    );
    expect(outcome.failure?.kind).toBe('stalled');
    expect(outcome.failure?.message).toMatch(/^no output for \d+ s in step \[2\/2\] RUN sleep 300/);
    expect(outcome.durationMs).toBeLessThan(30_000);
  });
});
