import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createIO, main } from '../../src/cli/main.js';
import { historyPath, logsDir } from '../../src/state/paths.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { dedent, testdir } from '../helpers/testdir.js';

const engineUp = await requireEngine();
const PREFIX = 'strata-test-engine/cli';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function strata(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return strataWith(new Capture(), args);
}

async function strataWith(
  out: Capture,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const err = new Capture();
  const io = createIO(out, err);
  const code = await main(['node', 'strata', ...args], io);
  return { code, stdout: out.text, stderr: err.text };
}

/** The tags, and every image id the runs recorded in the history (older builds of a moved tag). */
async function removeTestImages(dirs: string[] = []): Promise<void> {
  const refs = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
  const ids: string[] = [];
  for (const dir of dirs) {
    const text = await fs.readFile(historyPath(dir), 'utf8').catch(() => '');
    for (const line of text.split('\n').filter(Boolean)) {
      for (const image of (JSON.parse(line) as { images: { imageId?: string }[] }).images) {
        if (image.imageId) ids.push(image.imageId);
      }
    }
  }
  for (const ref of [...refs.filter((r) => r.startsWith(PREFIX)), ...new Set(ids)]) {
    await docker(['image', 'rm', '-f', ref]).catch(() => undefined);
  }
}

describe.skipIf(!engineUp)('strata build and strata doctor', () => {
  let dir = '';
  beforeAll(async () => {
    const base = await busyboxImage();
    await removeTestImages();
    const run = Date.now();
    dir = await testdir({
      'docker-compose.yml': dedent(`
        services:
          base:
            build: ./base
            image: ${PREFIX}-base:dev
          app:
            build: ./app
            image: ${PREFIX}-app:dev
          inline:
            build:
              context: ./inline
              dockerfile_inline: |
                FROM ${base}
                RUN echo inline ${run}
            image: ${PREFIX}-inline:dev
      `),
      'base/Dockerfile': `FROM ${base}\nRUN echo base ${run}\n`,
      'app/Dockerfile': `FROM ${PREFIX}-base:dev\nCOPY main.txt /main.txt\nRUN cat /main.txt\n`,
      'app/main.txt': 'v1\n',
      'inline/.keep': '',
    });
  });
  afterAll(() => removeTestImages([dir]));

  test('build: everything, in order; the summary; history and logs written', async () => {
    const r = await strata('build', '--dir', dir, '--progress', 'plain');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d\d:\d\d:\d\d base: build started/);
    expect(r.stdout).toMatch(/^IMAGE +RESULT +TIME +SIZE +CACHED$/m);
    expect(r.stdout).toMatch(/^base +built +\S+ +2\.0 MB +0%$/m);
    expect(r.stdout).toMatch(/^app +built /m);
    expect(r.stdout).toMatch(/^inline +built /m);
    expect(r.stdout).toMatch(/3 built in /);
    expect(r.stdout.indexOf('base built')).toBeLessThan(r.stdout.indexOf('app: build started'));
    const history = (await fs.readFile(historyPath(dir), 'utf8')).trim().split('\n');
    expect(history).toHaveLength(1);
    expect(JSON.parse(history[0]!).images.map((i: { status: string }) => i.status)).toEqual([
      'built',
      'built',
      'built',
    ]);
    expect(await fs.readFile(path.join(logsDir(dir), 'app.log'), 'utf8')).toMatch(/v1/);
  });

  test('again: all skipped; after a change to one file only that image builds (--json)', async () => {
    const again = await strata('build', '--dir', dir, '--progress', 'plain');
    expect(again.stdout).toMatch(/3 skipped/);
    await fs.writeFile(path.join(dir, 'app/main.txt'), 'v2\n');
    const r = await strata('build', '--dir', dir, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      ok: boolean;
      images: { id: string; status: string; cachedShare?: number }[];
    };
    expect(json.ok).toBe(true);
    expect(Object.fromEntries(json.images.map((i) => [i.id, i.status]))).toEqual({
      base: 'skipped',
      app: 'built',
      inline: 'skipped',
    });
  });

  test('--dry-run prints the plan and builds nothing', async () => {
    await fs.writeFile(path.join(dir, 'app/main.txt'), 'v3\n');
    const r = await strata('build', '--dir', dir, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/build +app/);
    expect(r.stdout).toMatch(/1 to build/);
  });

  test('a failing image: exit 1, its child skipped, its diagnosis and log', async () => {
    await fs.writeFile(
      path.join(dir, 'base/Dockerfile'),
      `FROM ${await busyboxImage()}\nRUN echo "E: Unable to locate package libwebp6" && exit 100\n`,
    );
    const r = await strata('build', '--dir', dir, '--progress', 'plain');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^base +failed /m);
    expect(r.stdout).toMatch(/^app +skipped .*parent base failed/m);
    expect(r.stdout).toMatch(/hint the base image's distro has no package libwebp6/);
    expect(r.stdout).toMatch(/full log: .*\/logs\/base\.log/);
  });

  test('Ctrl-C (SIGINT): the running build is cancelled, exit 130, the tag untouched', async () => {
    const slow = await testdir({
      'slow/Dockerfile': `FROM ${await busyboxImage()}\nRUN echo started-${Date.now()} && sleep 300\n`,
      'docker-compose.yml': `services:\n  slow:\n    build: ./slow\n    image: ${PREFIX}-slow:dev\n`,
    });
    const out = new Capture();
    const running = strataWith(out, ['build', '--dir', slow, '--progress', 'plain']);
    for (let i = 0; i < 600 && !/RUN echo started-/.test(out.text); i++)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    process.emit('SIGINT');
    const r = await running;
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/^slow +cancelled /m);
    expect(r.stdout).toMatch(/\(interrupted\)/);
    expect((await docker(['image', 'ls', '-q', `${PREFIX}-slow:dev`])).trim()).toBe('');
  });

  test('doctor: engine, BuildKit, disk; --json', async () => {
    const r = await strata('doctor');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ engine +server \d+\.\d+/);
    expect(r.stdout).toMatch(/✔ buildkit +builds with/);
    const j = await strata('doctor', '--json');
    const report = JSON.parse(j.stdout) as { ok: boolean; disk: { images: number } };
    expect(report.ok).toBe(true);
    expect(report.disk.images).toBeGreaterThan(0);
  });

  test('doctor: exit 1 with a hint when no engine answers', async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'unix:///tmp/strata-no-engine.sock';
    try {
      const r = await strata('doctor');
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✖ engine +no answer at unix:\/\/\/tmp\/strata-no-engine\.sock/);
      expect(r.stderr).toMatch(/bash scripts\/engine\.sh/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});
