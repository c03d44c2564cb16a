import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';
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
