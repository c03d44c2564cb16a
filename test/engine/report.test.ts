import { execFile } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Analysis, analyseArchive, analyseEngineImages } from '../../src/analyse/index.js';
import { createEngine } from '../../src/engine/client.js';
import { runCli } from '../helpers/cli.js';
import { DOCKER, docker, requireEngine, requireTool } from '../helpers/engine.js';
import { dedent, testdir } from '../helpers/testdir.js';

const run = promisify(execFile);
const engineUp = await requireEngine();
const PREFIX = 'strata-report-test';
const BASE = 'strata-standin/debian:bookworm';
const names = [`${PREFIX}-a:latest`, `${PREFIX}-b:latest`];

/** The engine's own figures, exact: GET /system/df (what `docker system df -v` prints, rounded). */
async function systemDf(): Promise<{
  Images: { Id: string; RepoTags: string[] | null; Size: number; SharedSize: number }[];
}> {
  const socket = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: socket, path: '/v1.41/system/df' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
  });
}

/**
 * `docker history` sizes in bytes, oldest first, without the zero ones: history lists the entries that
 * made no layer (ENV, CMD) with 0 too, so a layer of whiteouts alone is compared as 0 on both sides.
 */
async function historySizes(ref: string): Promise<number[]> {
  const out = await docker(['history', '--no-trunc', '--human=false', '--format', '{{.Size}}', ref]);
  return out
    .trim()
    .split('\n')
    .map(Number)
    .reverse()
    .filter((n) => n > 0);
}

const BLOB = Buffer.alloc(2_000_000);
for (let i = 0; i < BLOB.length; i++) BLOB[i] = (i * 7919) % 251;

let dir = '';
let analysis: Analysis;

describe.skipIf(!engineUp)('strata report on images built here', () => {
  beforeAll(async () => {
    dir = await testdir({
      'blob.bin': BLOB,
      'a/Dockerfile': dedent(`
        FROM ${BASE}
        ENV SERVICE=a
        RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
        COPY blob.bin /opt/blob.bin
        RUN head -c 100000 /dev/zero > /opt/waste && mkdir -p /opt/gone && echo gone > /opt/gone/f
        RUN head -c 50000 /dev/zero > /opt/waste && cp /opt/blob.bin /opt/data.bin && ln /opt/data.bin /opt/data.link
        RUN rm -rf /opt/gone
      `),
      'b/Dockerfile': dedent(`
        FROM ${BASE}
        ENV SERVICE=b
        RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
        COPY blob.bin /opt/blob.bin
      `),
      'docker-compose.yml': dedent(`
        services:
          a: { build: { context: ., dockerfile: a/Dockerfile }, image: ${PREFIX}-a }
          b: { build: { context: ., dockerfile: b/Dockerfile }, image: ${PREFIX}-b }
      `),
      'strata.yaml': dedent(`
        report:
          budgets:
            images:
              "${PREFIX}-a": { max-size: 1MB }
            highest-wasted-bytes: 10GB
      `),
    });
    // strata build, so the history has a run for the build times and the timeline.
    const built = await runCli(['build', '--dir', dir, '--jobs', '2']);
    expect(built.code, built.stderr).toBe(0);
    analysis = await analyseEngineImages(createEngine({ binary: DOCKER }), names, { minSaving: 1 });
  }, 600_000);

  afterAll(async () => {
    for (const name of names) await docker(['image', 'rm', '-f', name]).catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test('every layer size matches docker history', async () => {
    expect(analysis.layout).toBe('docker');
    for (const image of analysis.images) {
      const ours = image.layers.map((l) => l.size);
      expect(ours.filter((n) => n > 0)).toEqual(await historySizes(image.names[0]!));
      const rootfs = JSON.parse(
        await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', image.names[0]!]),
      );
      expect(image.layers.map((l) => l.diffId)).toEqual(rootfs);
    }
  });

  test('unique and shared bytes per image match the engine (docker system df -v)', async () => {
    const df = await systemDf();
    for (const image of analysis.family.images) {
      const engine = df.Images.find((i) => (i.RepoTags ?? []).includes(image.name));
      expect(engine, image.name).toBeDefined();
      expect(image.size).toBe(engine!.Size);
      expect(image.shared).toBe(engine!.SharedSize);
      expect(image.unique).toBe(engine!.Size - engine!.SharedSize);
    }
  });

  test('reclaimable bytes count an overwritten file once and a deleted folder whole', () => {
    const a = analysis.images.find((i) => i.names.includes(names[0]!))!;
    expect(a.wasted.find((w) => w.path === 'opt/waste')).toEqual({
      path: 'opt/waste',
      bytes: 100_000,
      // The overwritten copy and the one the image shows (docs/report-json.md).
      copies: 2,
      deleted: false,
    });
    expect(a.wasted.find((w) => w.path === 'opt/gone/f')).toMatchObject({ bytes: 5, deleted: true });
    // The hard link weighs nothing: the layer holds 50 kB of zeros and one copy of the blob.
    const linkLayer = a.layers.find((l) => l.instruction?.includes('ln /opt/data.bin'))!;
    expect(linkLayer.size).toBe(50_000 + BLOB.length);
    expect(a.layers.find((l) => l.instruction?.startsWith('COPY'))?.instruction).toBe(
      'COPY blob.bin /opt/blob.bin',
    );
  });

  test('packages per layer and duplicate content across the family', () => {
    const a = analysis.images.find((i) => i.names.includes(names[0]!))!;
    const aptLayer = a.layers.find((l) => l.instruction?.includes('apt-get install'))!;
    expect(aptLayer.packages.map((p) => p.id.name)).toContain('jq');
    const jq = analysis.family.duplicates.find((d) => d.name === 'jq')!;
    expect(jq).toMatchObject({ manager: 'dpkg', copies: 2 });
    expect(jq.images.sort()).toEqual([...names].sort());
    const blob = analysis.family.duplicates.find(
      (d) => d.key === 'path:opt/blob.bin' || d.name === 'opt/blob.bin',
    );
    expect(blob?.saving).toBeGreaterThanOrEqual(BLOB.length);
  });

  test.skipIf(!requireTool('/usr/bin/skopeo'))(
    'reads the OCI archive skopeo makes of the same image',
    async () => {
      const out = path.join(os.tmpdir(), `${PREFIX}-${process.pid}.oci.tar`);
      await run('skopeo', ['copy', '--quiet', `docker-daemon:${names[0]}`, `oci-archive:${out}`]);
      try {
        const oci = await analyseArchive(createReadStream(out));
        expect(oci.layout).toBe('oci');
        const legacy = analysis.images.find((i) => i.names.includes(names[0]!))!;
        const image = oci.images[0]!;
        expect(image.layers.map((l) => l.diffId)).toEqual(legacy.layers.map((l) => l.diffId));
        expect(image.layers.map((l) => l.size)).toEqual(legacy.layers.map((l) => l.size));
        expect(image.reclaimable).toBe(legacy.reclaimable);
      } finally {
        await fs.rm(out, { force: true });
      }
    },
  );

  test('build times come from the history strata build wrote', async () => {
    const json = JSON.parse((await runCli(['report', '--dir', dir, '--json'])).stdout);
    expect(json.buildTimes.runs).toBe(1);
    const ids = json.buildTimes.images.map((i: { id: string }) => i.id).sort();
    expect(ids).toEqual(['a', 'b']);
    expect(json.buildTimes.timeline.bars).toHaveLength(2);
    // The steps are there, cached or not (the engine's build cache may hold them from an earlier run).
    const steps = json.buildTimes.timeline.bars.flatMap((b: { steps: { name: string }[] }) => b.steps);
    expect(steps.some((s: { name: string }) => s.name.includes('apt-get install'))).toBe(true);
    for (const image of json.buildTimes.images) expect(image.cacheHitRatio).toBeGreaterThanOrEqual(0);
  });

  test('the CLI: text, JSON, a failed budget as exit 1 and a GitHub annotation', async () => {
    const text = await runCli(['report', '--dir', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('duplicate content');
    expect(text.stdout).toMatch(/FAILED max-size strata-report-test-a/);
    const json = await runCli(['report', '--dir', dir, '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.version).toBe(1);
    expect(report.images).toHaveLength(2);
    const a = report.images.find((i: { name: string }) => i.name.startsWith(`${PREFIX}-a`));
    // Dockerfile lines from the scan of the repository.
    const copy = a.layers.find((l: { instruction?: string }) => l.instruction?.startsWith('COPY'));
    expect(copy.dockerfile).toEqual({ file: 'a/Dockerfile', line: 4 });
    const github = await runCli(['report', '--dir', dir, '--format', 'github']);
    expect(github.stdout).toMatch(/^::error title=strata report budget max-size::/m);
  });

  test.skipIf(!requireTool('/usr/bin/chromium'))(
    'the HTML page opens in headless Chromium, with no network, and renders',
    async () => {
      const html = path.join(dir, 'report.html');
      const result = await runCli(['report', '--dir', dir, '--html', html]);
      expect(result.code).toBe(1);
      const page = await fs.readFile(html, 'utf8');
      expect(page).not.toMatch(/(src|href)="https?:/);
      const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-chromium-'));
      const png = path.join(process.env.STRATA_REPORT_SCREENSHOT_DIR ?? dir, 'report.png');
      await run(
        'chromium',
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
          `--screenshot=${png}`,
          '--window-size=1400,2000',
          `file://${html}`,
        ],
        { timeout: 120_000 },
      );
      await fs.rm(profile, { recursive: true, force: true });
      const bytes = await fs.readFile(png);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.length).toBeGreaterThan(20_000);
    },
    180_000,
  );
});
