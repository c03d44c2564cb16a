import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dockerignoreMatcher } from '../../../src/discover/dockerignore.js';
import type { ContextReach } from '../../../src/dockerfile/copy-sources.js';
import { contextFiles, hashContext } from '../../../src/plan/context-files.js';
import { FileHashCache } from '../../../src/plan/file-hash-cache.js';
import { testdir } from '../../helpers/testdir.js';
import { image } from './graph-data.js';

const all: ContextReach = { kind: 'all', why: 'test' };
const only = (...patterns: string[]): ContextReach => ({ kind: 'patterns', patterns });

async function files(root: string, ignore: string, reach: ContextReach, context = '.') {
  const cache = FileHashCache.memory();
  return Object.keys(
    await hashContext(
      path.join(root, context),
      context,
      dockerignoreMatcher(ignore, undefined),
      reach,
      cache,
    ),
  );
}

describe('hashContext: what the build can see', () => {
  const tree = {
    'app/Dockerfile': 'FROM x\n',
    'app/src/main.py': 'print(1)\n',
    'app/src/util.py': 'x = 1\n',
    'app/src/__pycache__/main.cpython-312.pyc': 'bytes',
    'app/tests/test_main.py': 'assert True\n',
    'app/README.md': '# app\n',
    'app/README-keep.md': '# keep\n',
    'app/data/big.bin': 'data',
    'app/requirements.txt': 'flask\n',
  };

  test('without .dockerignore and with an unknowable reach: every file, root-relative, sorted', async () => {
    const root = await testdir(tree);
    expect(await files(root, '', all, 'app')).toEqual([
      'app/Dockerfile',
      'app/README-keep.md',
      'app/README.md',
      'app/data/big.bin',
      'app/requirements.txt',
      'app/src/__pycache__/main.cpython-312.pyc',
      'app/src/main.py',
      'app/src/util.py',
      'app/tests/test_main.py',
    ]);
  });

  test('.dockerignore with Docker semantics: ** patterns, folders, exceptions that come last win', async () => {
    const root = await testdir(tree);
    const ignore = '**/__pycache__\ndata\ntests/\n*.md\n!README-keep.md\n';
    expect(await files(root, ignore, all, 'app')).toEqual([
      'app/Dockerfile',
      'app/README-keep.md',
      'app/requirements.txt',
      'app/src/main.py',
      'app/src/util.py',
    ]);
  });

  test('narrowed to COPY sources: a folder source takes everything under it, a file source only itself', async () => {
    const root = await testdir(tree);
    expect(await files(root, '**/__pycache__\n', only('requirements.txt', 'src'), 'app')).toEqual([
      'app/requirements.txt',
      'app/src/main.py',
      'app/src/util.py',
    ]);
  });

  test('glob sources match per path segment like filepath.Match', async () => {
    const root = await testdir(tree);
    expect(await files(root, '', only('src/*.py', 'README*.md'), 'app')).toEqual([
      'app/README-keep.md',
      'app/README.md',
      'app/src/main.py',
      'app/src/util.py',
    ]);
    expect(await files(root, '', only('*/main.py'), 'app')).toEqual(['app/src/main.py']);
  });

  test('no source at all: no file', async () => {
    const root = await testdir(tree);
    expect(await files(root, '', only(), 'app')).toEqual([]);
  });

  test('the hash follows content and the executable bit, not the mtime', async () => {
    const root = await testdir({ 'run.sh': { content: 'echo hi\n', mode: 0o644 } });
    const ignore = dockerignoreMatcher('', undefined);
    const first = await hashContext(root, '.', ignore, all, FileHashCache.memory());
    await fs.utimes(path.join(root, 'run.sh'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    const touched = await hashContext(root, '.', ignore, all, FileHashCache.memory());
    expect(touched).toEqual(first);
    await fs.chmod(path.join(root, 'run.sh'), 0o755);
    const executable = await hashContext(root, '.', ignore, all, FileHashCache.memory());
    expect(executable['run.sh']).not.toBe(first['run.sh']);
    await fs.writeFile(path.join(root, 'run.sh'), 'echo bye\n');
    const changed = await hashContext(root, '.', ignore, all, FileHashCache.memory());
    expect(changed['run.sh']).not.toBe(executable['run.sh']);
  });

  test('symbolic links are hashed as links (their target), as Docker copies them', async () => {
    const root = await testdir({ 'real.txt': 'x', 'link.txt': { symlink: 'real.txt' } });
    const out = await hashContext(root, '.', dockerignoreMatcher('', undefined), all, FileHashCache.memory());
    expect(Object.keys(out)).toEqual(['link.txt', 'real.txt']);
    expect(out['link.txt']).not.toBe(out['real.txt']);
  });
});

describe('contextFiles', () => {
  test('the context with its .dockerignore (or <Dockerfile>.dockerignore), plus local named contexts', async () => {
    const root = await testdir({
      'app/Dockerfile': 'FROM x\nCOPY . /app\n',
      'app/Dockerfile.dockerignore': '*.log\n',
      'app/.dockerignore': 'main.py\n',
      'app/main.py': 'x',
      'app/debug.log': 'x',
      'shared/lib.py': 'x',
      'shared/.dockerignore': 'cache\n',
      'shared/cache/blob': 'x',
    });
    const out = await contextFiles(
      root,
      image('app', { contexts: { shared: 'shared', base: 'target:base', img: 'docker-image://alpine' } }),
    );
    expect(out.ignore.file).toBe('app/Dockerfile.dockerignore');
    expect(out.reach.kind).toBe('all');
    expect(Object.keys(out.files)).toEqual([
      'app/.dockerignore',
      'app/Dockerfile',
      'app/Dockerfile.dockerignore',
      'app/main.py',
      'shared/.dockerignore',
      'shared/lib.py',
    ]);
  });
});

describe('FileHashCache', () => {
  test('a stored cache is reused while (size, mtime, mode) stay, and a change is seen', async () => {
    const root = await testdir({ 'a.txt': 'one', '.strata/x': '' });
    const file = path.join(root, 'a.txt');
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(file, old, old);
    const cacheFile = path.join(root, '.strata/file-hashes.json');
    const c1 = await FileHashCache.load(cacheFile);
    const h1 = await c1.hash(file, await fs.lstat(file));
    await c1.save();
    const stored = JSON.parse(await fs.readFile(cacheFile, 'utf8'));
    expect(stored.entries[file].hash).toBe(h1);

    // Same size and mtime: the stored hash is used (proved by planting a different value).
    stored.entries[file].hash = 'planted';
    await fs.writeFile(cacheFile, JSON.stringify(stored));
    const c2 = await FileHashCache.load(cacheFile);
    expect(await c2.hash(file, await fs.lstat(file))).toBe('planted');

    await fs.writeFile(file, 'two');
    const c3 = await FileHashCache.load(cacheFile);
    expect(await c3.hash(file, await fs.lstat(file))).not.toBe('planted');
  });

  test('files modified in the last seconds are not cached (their mtime may not move on the next write)', async () => {
    const root = await testdir({ 'a.txt': 'one' });
    const cacheFile = path.join(root, '.strata/file-hashes.json');
    const cache = await FileHashCache.load(cacheFile);
    await cache.hash(path.join(root, 'a.txt'), await fs.lstat(path.join(root, 'a.txt')));
    await cache.save();
    await expect(fs.access(cacheFile)).rejects.toThrow();
  });

  test('a corrupt cache file starts empty', async () => {
    const root = await testdir({ '.strata/file-hashes.json': '{nope' });
    const cache = await FileHashCache.load(path.join(root, '.strata/file-hashes.json'));
    const file = path.join(root, '.strata/file-hashes.json');
    expect(await cache.hash(file, await fs.lstat(file))).toMatch(/^[0-9a-f]{64}$/);
  });
});
