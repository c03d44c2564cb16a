import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { invisibleFolders } from '../../../src/build/stamp.js';
import { parseNoopArgs } from '../../../src/cli/fast-noop.js';
import { lookupImage } from '../../../src/engine/socket.js';
import { scanRepository } from '../../../src/scan.js';
import { noopArgs, sameTree, snapshotTree, withoutSkipped } from '../../../src/state/noop-stamp.js';
import { testdir } from '../../helpers/testdir.js';

describe('snapshotTree', () => {
  it('sees every change under the root: content, a new file, a new folder, a removal', async () => {
    const root = await testdir({ 'a/Dockerfile': 'FROM x\n', 'a/app.py': 'print(1)\n', 'ignored.log': 'x' });
    const before = snapshotTree(root)!;
    expect(sameTree(before, snapshotTree(root)!)).toBe(true);

    const changes: ((r: string) => Promise<void>)[] = [
      (r) => fs.writeFile(path.join(r, 'a/app.py'), 'print(2)\n'),
      (r) => fs.writeFile(path.join(r, 'ignored.log'), 'x'), // same content, rewritten: ctime moves
      (r) => fs.writeFile(path.join(r, 'a/new.py'), ''),
      (r) => fs.mkdir(path.join(r, 'b')),
      (r) => fs.rm(path.join(r, 'ignored.log')),
    ];
    for (const change of changes) {
      const tree = await testdir({
        'a/Dockerfile': 'FROM x\n',
        'a/app.py': 'print(1)\n',
        'ignored.log': 'x',
      });
      const first = snapshotTree(tree)!;
      await new Promise((r) => setTimeout(r, 5));
      await change(tree);
      expect(sameTree(first, snapshotTree(tree)!), change.toString()).toBe(false);
    }
  });

  it('leaves .strata out; records a symbolic link as itself, never follows it', async () => {
    const root = await testdir({ Dockerfile: 'FROM x\n' });
    const before = snapshotTree(root)!;
    await fs.mkdir(path.join(root, '.strata'));
    await fs.writeFile(path.join(root, '.strata/state.json'), '{}');
    expect(sameTree(before, snapshotTree(root)!)).toBe(true);
    const linked = await testdir({ Dockerfile: 'FROM x\n', 'dir/a': '1', link: { symlink: 'dir' } });
    const first = snapshotTree(linked)!;
    expect(first.map(([rel]) => rel)).toEqual(['Dockerfile', 'dir', 'link', 'dir/a']);
    await fs.rm(path.join(linked, 'link'));
    await fs.symlink('Dockerfile', path.join(linked, 'link'));
    expect(sameTree(first, snapshotTree(linked)!)).toBe(false);
  });
});

describe('parseNoopArgs', () => {
  it.each([
    [['build'], ['.', []]],
    [
      ['build', 'api', 'base', '--progress', 'plain', '-j', '2'],
      ['.', ['api', 'base']],
    ],
    [
      ['build', '--dir=x', '--registry', 'localhost:5000', '--json', 'web'],
      ['x', ['web', 'registry=localhost:5000']],
    ],
  ])('%j takes the fast path check', (argv, [dir, args]) => {
    const parsed = parseNoopArgs(argv as string[], '/repo');
    expect(parsed?.root).toBe(path.resolve('/repo', dir as string));
    expect(parsed?.args).toEqual(args);
  });

  it.each([
    [['plan']],
    [['build', '--force']],
    [['build', '--no-deps']],
    [['build', '--push']],
    [['build', '--dry-run']],
    [['build', '--context', 'remote']],
  ])('%j goes the ordinary way', (argv) => {
    expect(parseNoopArgs(argv)).toBeUndefined();
  });

  it('normalises as the stamp does', () => {
    expect(parseNoopArgs(['build', 'b', 'a', '--registry', 'r'])?.args).toEqual(noopArgs(['a', 'b'], 'r'));
  });
});

describe('lookupImage', () => {
  const images = new Map([
    ['python:3.12-slim', { id: 'sha256:py', repoDigests: [] }],
    ['team/base:latest', { id: 'sha256:base', repoDigests: [] }],
  ]);
  it.each([
    ['python:3.12-slim', 'sha256:py'],
    ['docker.io/library/python:3.12-slim', 'sha256:py'],
    ['team/base', 'sha256:base'],
    ['docker.io/team/base:latest', 'sha256:base'],
    ['team/base:2', undefined],
  ])('%s -> %s', (ref, id) => {
    expect(lookupImage(images, ref)?.id).toBe(id);
  });
});

describe('invisibleFolders: what the no-op check need not walk', () => {
  it('node_modules and gitignored folders every context leaves out; not a folder a context can see', async () => {
    const root = await testdir({
      '.gitignore': '.venv/\nbuild/\n',
      'app/Dockerfile': 'FROM x\nCOPY . /app\n',
      'app/.dockerignore': 'node_modules\n.venv\n',
      'app/node_modules/x/index.js': '',
      'app/.venv/bin/python': '',
      'build/out.txt': '',
      'web/Dockerfile': 'FROM x\nCOPY . /w\n',
      'web/node_modules/y/index.js': '',
    });
    const { graph } = await scanRepository(root);
    const skip = invisibleFolders(root, graph.images, snapshotTree(root)!);
    // web has no .dockerignore: its node_modules is in its context. build/ is in no context.
    expect(skip.sort()).toEqual(['app/.venv', 'app/node_modules', 'build']);
    const tree = withoutSkipped(snapshotTree(root)!, skip);
    expect(sameTree(tree, snapshotTree(root, new Set(skip))!)).toBe(true);
    await fs.writeFile(path.join(root, 'app/node_modules/x/new.js'), '');
    expect(sameTree(tree, snapshotTree(root, new Set(skip))!)).toBe(true);
    await fs.writeFile(path.join(root, 'web/node_modules/y/new.js'), '');
    expect(sameTree(tree, snapshotTree(root, new Set(skip))!)).toBe(false);
  });
});
