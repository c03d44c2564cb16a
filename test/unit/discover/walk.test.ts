import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { walk } from '../../../src/discover/walk.js';
import { testdir } from '../../helpers/testdir.js';

const isRoot = process.getuid?.() === 0;

describe('walk', () => {
  test('classifies files and lists every folder', async () => {
    const root = await testdir({
      Dockerfile: 'FROM a\n',
      'svc/api.Dockerfile': 'FROM b\n',
      'svc/.dockerignore': '*\n',
      'docker-compose.yml': 'services: {}\n',
      'docker-bake.hcl': '',
      'scripts/build.sh': '',
      'strata.yaml': '',
      'requirements.txt': '',
      'svc/README.md': '',
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual(['Dockerfile', 'svc/api.Dockerfile']);
    expect(r.files.dockerignore).toEqual(['svc/.dockerignore']);
    expect(r.files.compose).toEqual(['docker-compose.yml']);
    expect(r.files.bake).toEqual(['docker-bake.hcl']);
    expect(r.files.script).toEqual(['scripts/build.sh']);
    expect(r.files.config).toEqual(['strata.yaml']);
    expect(r.files.dependency).toEqual(['requirements.txt']);
    expect([...r.dirs].sort()).toEqual(['.', 'scripts', 'svc']);
    expect(r.diagnostics).toEqual([]);
  });

  test('skips .git and node_modules always', async () => {
    const root = await testdir({
      '.git/Dockerfile': 'FROM a\n',
      'node_modules/pkg/Dockerfile': 'FROM a\n',
      'web/node_modules/x/Dockerfile': 'FROM a\n',
      'web/Dockerfile': 'FROM a\n',
    });
    expect((await walk(root)).files.dockerfile).toEqual(['web/Dockerfile']);
  });

  test('honours .gitignore at every level, with git semantics', async () => {
    const root = await testdir({
      '.gitignore': 'build/\n*.tmp.Dockerfile\n/vendor\n',
      'build/Dockerfile': 'FROM a\n',
      'app/build/Dockerfile': 'FROM a\n',
      'a.tmp.Dockerfile': 'FROM a\n',
      'vendor/Dockerfile': 'FROM a\n',
      'app/vendor/Dockerfile': 'FROM a\n',
      'app/.gitignore': 'Dockerfile.local\n!keep.tmp.Dockerfile\n',
      'app/Dockerfile.local': 'FROM a\n',
      'app/keep.tmp.Dockerfile': 'FROM a\n',
      'app/Dockerfile': 'FROM a\n',
      'other/Dockerfile.local': 'FROM a\n',
      'case/.gitignore': 'dockerfile.ci\n',
      'case/Dockerfile.ci': 'FROM a\n',
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual([
      'app/Dockerfile',
      'app/keep.tmp.Dockerfile',
      'app/vendor/Dockerfile',
      'case/Dockerfile.ci',
      'other/Dockerfile.local',
    ]);
  });

  test('a file in an ignored folder cannot be re-included (git does not walk it)', async () => {
    const root = await testdir({
      '.gitignore': 'gen/\n!gen/Dockerfile\n',
      'gen/Dockerfile': 'FROM a\n',
    });
    expect((await walk(root)).files.dockerfile).toEqual([]);
  });

  test('exclude patterns (strata.yaml, --exclude) work like .gitignore from the root', async () => {
    const root = await testdir({
      'examples/x/Dockerfile': 'FROM a\n',
      'testdata/Dockerfile': 'FROM a\n',
      'deep/testdata/Dockerfile': 'FROM a\n',
      'keep/Dockerfile': 'FROM a\n',
    });
    const r = await walk(root, { exclude: ['examples/', '**/testdata/'] });
    expect(r.files.dockerfile).toEqual(['keep/Dockerfile']);
  });

  test('follows links to files and to folders inside the root, once per real folder', async () => {
    const root = await testdir({
      'real/Dockerfile': 'FROM a\n',
      'shared/Dockerfile.base': 'FROM a\n',
      'app/Dockerfile': { symlink: '../shared/Dockerfile.base' },
      alias: { symlink: 'real' },
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual(['app/Dockerfile', 'real/Dockerfile', 'shared/Dockerfile.base']);
    expect(r.diagnostics).toEqual([]);
  });

  test('a link to a folder outside the root is not followed', async () => {
    const outside = await testdir({ Dockerfile: 'FROM a\n' });
    const root = await testdir({ ext: { symlink: outside }, Dockerfile: 'FROM a\n' });
    expect((await walk(root)).files.dockerfile).toEqual(['Dockerfile']);
  });

  test('a symlink loop is one diagnostic and the walk goes on', async () => {
    const root = await testdir({
      'a/Dockerfile': 'FROM a\n',
      'a/loop': { symlink: '..' },
      'a/b/up': { symlink: '../../a' },
      'z/Dockerfile': 'FROM a\n',
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual(['a/Dockerfile', 'z/Dockerfile']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.file}`).sort()).toEqual([
      'STRATA_DISCOVER_SYMLINK_LOOP a/b/up',
      'STRATA_DISCOVER_SYMLINK_LOOP a/loop',
    ]);
  });

  test('a self-referencing link is a loop; a dangling Dockerfile link is reported', async () => {
    const root = await testdir({
      self: { symlink: 'self' },
      'Dockerfile.gone': { symlink: 'nowhere' },
      'notes.txt': { symlink: 'nowhere' },
      'ok/Dockerfile': 'FROM a\n',
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual(['ok/Dockerfile']);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual([
      'STRATA_DISCOVER_BROKEN_LINK',
      'STRATA_DISCOVER_SYMLINK_LOOP',
    ]);
  });

  // chmod 000 does not stop root from reading a folder, so this runs only as a normal user.
  test.skipIf(isRoot)('an unreadable folder is one diagnostic and the walk goes on', async () => {
    const root = await testdir({ 'locked/Dockerfile': 'FROM a\n', 'open/Dockerfile': 'FROM a\n' });
    await fs.chmod(path.join(root, 'locked'), 0o000);
    try {
      const r = await walk(root);
      expect(r.files.dockerfile).toEqual(['open/Dockerfile']);
      expect(r.diagnostics).toMatchObject([{ code: 'STRATA_DISCOVER_UNREADABLE_DIR', file: 'locked' }]);
    } finally {
      await fs.chmod(path.join(root, 'locked'), 0o755);
    }
  });

  test('an unreadable folder (EACCES from readdir, simulated so it runs as root too) is one diagnostic', async () => {
    const root = await testdir({ 'locked/Dockerfile': 'FROM a\n', 'open/Dockerfile': 'FROM a\n' });
    const real = fs.readdir.bind(fs);
    const spy = vi.spyOn(fs, 'readdir').mockImplementation((async (p: string, o: unknown) => {
      if (String(p).endsWith(`${path.sep}locked`))
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return real(p, o as never);
    }) as typeof fs.readdir);
    try {
      const r = await walk(root);
      expect(r.files.dockerfile).toEqual(['open/Dockerfile']);
      expect(r.diagnostics).toMatchObject([
        {
          code: 'STRATA_DISCOVER_UNREADABLE_DIR',
          severity: 'warning',
          file: 'locked',
          message: 'folder locked could not be read (permission denied)',
        },
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  test('does not read file contents: a 50 MB Dockerfile is listed at once', async () => {
    const root = await testdir({
      'big/Dockerfile': Buffer.alloc(50 * 1024 * 1024, 0x41),
      'empty/Dockerfile': '',
    });
    const r = await walk(root);
    expect(r.files.dockerfile).toEqual(['big/Dockerfile', 'empty/Dockerfile']);
  });

  test('2,000 Dockerfiles in 700 folders in well under a second', async () => {
    const tree: Record<string, string> = {};
    for (let f = 0; f < 100; f++) {
      for (let s = 0; s < 6; s++) {
        const dir = `families/f${f}/svc${s}`;
        tree[`${dir}/Dockerfile`] = 'FROM x\n';
        tree[`${dir}/Dockerfile.gpu`] = 'FROM x\n';
        tree[`${dir}/dev.Dockerfile`] = 'FROM x\n';
        tree[`${dir}/main.py`] = '';
      }
      tree[`families/f${f}/Dockerfile`] = 'FROM x\n';
      tree[`families/f${f}/Dockerfile.base`] = 'FROM x\n';
    }
    const root = await testdir(tree);
    const start = performance.now();
    const r = await walk(root);
    const ms = performance.now() - start;
    expect(r.files.dockerfile.length).toBe(2000);
    expect(r.dirs.size).toBe(1 + 1 + 100 + 600);
    expect(ms).toBeLessThan(1000);
  });
});
