import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampPath } from '../../src/state/paths.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { testdir } from '../helpers/testdir.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/strata.js');
const FAST = 'nothing changed since the last build';
const engine = await requireEngine();

interface Summary {
  images: { id: string; status: string }[];
}

/** `strata build` as a user runs it: the built CLI (npm run build), a whole process. */
async function build(root: string): Promise<{ text: string; summary?: Summary }> {
  const { stdout } = await run(process.execPath, [
    BIN,
    'build',
    '--dir',
    root,
    '--progress',
    'plain',
    '--json',
  ]);
  return { text: stdout, summary: JSON.parse(stdout) as Summary };
}

const statuses = (s: Summary | undefined) =>
  Object.fromEntries((s?.images ?? []).map((i) => [i.id, i.status]));

describe.skipIf(!engine)('strata build: the no-op stamp on the real engine', () => {
  let root = '';
  const base = 'strata-test-noop/base:1';
  const app = 'strata-test-noop/app:1';

  beforeAll(async () => {
    const busybox = await busyboxImage();
    root = await testdir({
      'docker-compose.yml': `services:\n  base:\n    image: ${base}\n    build: ./base\n  app:\n    image: ${app}\n    build: ./app\n`,
      'base/Dockerfile': `FROM ${busybox}\nRUN echo base > /base.txt\n`,
      'app/Dockerfile': `FROM ${base}\nCOPY main.sh /main.sh\n`,
      'app/main.sh': 'echo one\n',
      'app/.dockerignore': '*.log\n',
      'app/debug.log': 'x\n',
    });
  });

  afterAll(async () => {
    await docker(['rmi', '-f', base, app]).catch(() => undefined);
  });

  it('answers a no-op from the stamp, and only when nothing changed', async () => {
    const first = await build(root);
    expect(statuses(first.summary)).toEqual({ base: 'built', app: 'built' });
    await fs.access(stampPath(root));

    const noop = await build(root);
    expect(noop.summary?.images.every((i) => i.status === 'skipped')).toBe(true);
    expect(noop.text).toContain(FAST);

    // A file the build uses: the ordinary path runs and rebuilds the image.
    await fs.writeFile(path.join(root, 'app/main.sh'), 'echo two\n');
    const changed = await build(root);
    expect(changed.text).not.toContain(FAST);
    expect(statuses(changed.summary)).toEqual({ base: 'skipped', app: 'built' });
    expect((await build(root)).text).toContain(FAST);

    // An ignored file: the ordinary path decides (nothing to build) and stamps again.
    await fs.writeFile(path.join(root, 'app/debug.log'), 'y\n');
    const ignored = await build(root);
    expect(ignored.text).not.toContain(FAST);
    expect(statuses(ignored.summary)).toEqual({ base: 'skipped', app: 'skipped' });
    expect((await build(root)).text).toContain(FAST);
  });

  it('does not trust the stamp once the engine no longer holds the same images', async () => {
    await build(root);
    await docker(['rmi', app]);
    const removed = await build(root);
    expect(removed.text).not.toContain(FAST);
    expect(statuses(removed.summary).app).toBe('built');

    // The tag moved to another image.
    await docker(['tag', base, app]);
    const moved = await build(root);
    expect(moved.text).not.toContain(FAST);
    expect(statuses(moved.summary).app).toBe('built');
    expect((await build(root)).text).toContain(FAST);
  });

  it('keeps no stamp after a failed build', async () => {
    await fs.writeFile(path.join(root, 'app/Dockerfile'), `FROM ${base}\nRUN exit 3\n`);
    await expect(build(root)).rejects.toThrow();
    await expect(fs.access(stampPath(root))).rejects.toThrow();
  });
});
