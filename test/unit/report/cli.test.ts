import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';
import type { EngineClient } from '../../../src/engine/types.js';
import { StrataError } from '../../../src/model/errors.js';
import { createReport } from '../../../src/report/index.js';
import { legacyArchive } from '../../helpers/image-archive.js';
import { testdir } from '../../helpers/testdir.js';

function memoryIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    isTTY: false,
    color: false,
    ci: false,
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

async function run(...args: string[]) {
  const io = memoryIO();
  const code = await main(['node', 'strata', 'report', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function archive() {
  return legacyArchive([
    {
      name: 'team/api:1',
      layers: [{ createdBy: '', entries: [{ path: 'etc/os-release', content: 'ID=debian\n' }] }],
    },
    {
      name: 'team/worker:1',
      layers: [{ createdBy: '', entries: [{ path: 'etc/hostname', content: 'worker\n' }] }],
    },
  ]);
}

describe('strata report: bad budgets', () => {
  it.each([
    ['a value that is not a size', 'report:\n  budgets:\n    images:\n      "*": { max-size: banana }\n'],
    ['an unknown image budget key', 'report:\n  budgets:\n    images:\n      "*": { max-sise: 1GB }\n'],
    ['an unknown family budget key', 'report:\n  budgets:\n    max-duplicat: 1GB\n'],
  ])('%s exits 2 instead of dropping the budget', async (_what, yaml) => {
    const dir = await testdir({ 'strata.yaml': yaml, 'images.tar': await archive() });
    const r = await run('--dir', dir, '--archive', path.join(dir, 'images.tar'), '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/report\.budgets\./);
  });

  it('a valid budget still exits 0 when met', async () => {
    const dir = await testdir({
      'strata.yaml': 'report:\n  budgets:\n    images:\n      "*": { max-size: 1GB }\n',
      'images.tar': await archive(),
    });
    const r = await run('--dir', dir, '--archive', path.join(dir, 'images.tar'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).budgets).toHaveLength(2);
  });
});

describe('strata report: unreadable input exits 2 with one line', () => {
  it('an archive file that does not exist', async () => {
    const dir = await testdir({});
    const r = await run('--dir', dir, '--archive', path.join(dir, 'nope.tar'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.tar does not exist/);
    expect(r.err).not.toMatch(/ENOENT|not an image archive/);
  });

  it('random bytes', async () => {
    const junk = Buffer.alloc(3000);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
    const dir = await testdir({ 'junk.tar': junk });
    const r = await run('--dir', dir, '--archive', path.join(dir, 'junk.tar'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/STRATA_IMAGE_ARCHIVE/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a truncated archive', async () => {
    const whole = await archive();
    const dir = await testdir({ 'cut.tar': whole.subarray(0, Math.floor(whole.length / 2)) });
    const r = await run('--dir', dir, '--archive', path.join(dir, 'cut.tar'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/STRATA_IMAGE_ARCHIVE/);
  });

  it('an image the engine does not hold', async () => {
    const dir = await testdir({});
    const engine = {
      inspectImages: async (refs: string[]) => new Map(refs.map((r) => [r, undefined])),
      saveImages: async () => {
        throw new Error('not reached');
      },
    } as unknown as EngineClient;
    const failure = await createReport({ root: dir, refs: ['some-missing-image:1'], engine }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(StrataError);
    expect((failure as StrataError).code).toBe('STRATA_IMAGE_MISSING');
    expect((failure as StrataError).exitCode).toBe(2);
  });
});

describe('strata report --dir: images left out', () => {
  it('names the family images the engine does not hold, and those with no tag', async () => {
    const dir = await testdir({
      'api/Dockerfile': 'FROM debian:bookworm\n',
      'worker/Dockerfile': 'FROM debian:bookworm\n',
      'tools/Dockerfile': 'FROM debian:bookworm\n',
      'compose.yaml': [
        'services:',
        '  api: { build: ./api, image: "team/api:1" }',
        '  worker: { build: ./worker, image: "team/worker:2" }',
        '',
      ].join('\n'),
    });
    const saved = await legacyArchive([
      {
        name: 'team/api:1',
        layers: [{ createdBy: '', entries: [{ path: 'etc/os-release', content: 'ID=x\n' }] }],
      },
    ]);
    const engine = {
      inspectImages: async (refs: string[]) =>
        new Map(refs.map((r) => [r, r === 'team/api:1' ? { id: 'sha256:x' } : undefined])),
      saveImages: async () => ({
        stdout: Readable.from([saved]),
        done: Promise.resolve({ code: 0, stdout: '', stderr: '' }),
        stop: () => {},
      }),
    } as unknown as EngineClient;
    const created = await createReport({ root: dir, engine });
    expect(created.report.images.map((i) => i.name)).toEqual(['team/api:1']);
    const note = created.diagnostics.find((d) => d.code === 'STRATA_REPORT_LEFT_OUT');
    expect(note?.severity).toBe('info');
    expect(note?.message).toMatch(/team\/worker:2 \(not in the engine\)/);
    expect(note?.message).toMatch(/tools \(no tag\)/);
  });
});

describe('strata report --archive with image names', () => {
  it('reports only the images named, in the order named', async () => {
    const dir = await testdir({ 'images.tar': await archive() });
    const r = await run('team/worker:1', '--dir', dir, '--archive', path.join(dir, 'images.tar'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).images.map((i: { name: string }) => i.name)).toEqual(['team/worker:1']);
  });

  it('a name the archive does not hold exits 2', async () => {
    const dir = await testdir({ 'images.tar': await archive() });
    const r = await run('team/nope:1', '--dir', dir, '--archive', path.join(dir, 'images.tar'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/STRATA_IMAGE_MISSING.*team\/nope:1/);
  });
});
