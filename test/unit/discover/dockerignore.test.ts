import { describe, expect, test } from 'vitest';
import {
  type DockerignoreMatcher,
  dockerignoreCandidates,
  dockerignoreMatcher,
  loadDockerignore,
  loadDockerignoreSync,
  parseDockerignore,
} from '../../../src/discover/dockerignore.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('Docker .dockerignore semantics', () => {
  test.each<[string[], string, boolean]>([
    // plain names match at the context root only
    [['node_modules'], 'node_modules', true],
    [['node_modules'], 'node_modules/x/index.js', true],
    [['node_modules'], 'web/node_modules', false],
    // ** matches any depth
    [['**/node_modules'], 'web/node_modules/x.js', true],
    [['**/*.pyc'], 'a/b/c.pyc', true],
    [['**/*.pyc'], 'c.pyc', true],
    // * stays inside one folder
    [['*.md'], 'README.md', true],
    [['*.md'], 'docs/guide.md', false],
    [['*/*.md'], 'docs/guide.md', true],
    // negation: the last matching rule wins
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['!README.md', '*.md'], 'README.md', true],
    // a folder excluded but a file inside it re-included (Docker allows it, git does not)
    [['data', '!data/keep.txt'], 'data/keep.txt', false],
    [['data', '!data/keep.txt'], 'data/big.bin', true],
    [['*', '!src'], 'src/main.py', false],
    [['*', '!src'], 'setup.py', true],
    // leading and trailing slashes, ./
    [['/build'], 'build/out.o', true],
    [['/build'], 'src/build', false],
    [['build/'], 'build', true],
    [['build/'], 'build/x', true],
    [['./tmp'], 'tmp/x', true],
    // paths given with ./ or a leading slash are normalised
    [['tmp'], './tmp/x', true],
    [['tmp'], '/tmp/x', true],
    // ? and character classes
    [['file?.txt'], 'file1.txt', true],
    [['file?.txt'], 'file10.txt', false],
    [['[a-c].txt'], 'b.txt', true],
    [['[a-c].txt'], 'd.txt', false],
    // Dockerfile and .dockerignore can be ignored too
    [['Dockerfile'], 'Dockerfile', true],
    // no patterns, nothing ignored; the context itself is never ignored
    [[], 'anything', false],
    [['*'], '.', false],
  ])('%j vs %s -> %s', (patterns, p, expected) => {
    expect(dockerignoreMatcher(patterns.join('\n'), '.dockerignore').ignores(p)).toBe(expected);
  });
});

test('comments, blank lines and surrounding spaces are dropped', () => {
  expect(
    parseDockerignore(
      dedent(`
      # build output
      dist

        *.log  
      !important.log
      !
    `),
    ),
  ).toEqual(['dist', '*.log', '!important.log']);
  const m = dockerignoreMatcher('# a comment\n#dist\ndist\n', 'x');
  expect(m.ignores('dist/a.js')).toBe(true);
  expect(m.ignores('#dist')).toBe(false);
});

test('dockerignoreCandidates: <Dockerfile>.dockerignore first, then <context>/.dockerignore', () => {
  expect(dockerignoreCandidates('app', 'docker/api.Dockerfile')).toEqual([
    'docker/api.Dockerfile.dockerignore',
    'app/.dockerignore',
  ]);
  expect(dockerignoreCandidates('.')).toEqual(['.dockerignore']);
});

describe.each<
  [string, (root: string, contextRel: string, dockerfileRel?: string) => Promise<DockerignoreMatcher>]
>([
  ['loadDockerignore', loadDockerignore],
  [
    'loadDockerignoreSync',
    async (root, contextRel, dockerfileRel) => loadDockerignoreSync(root, contextRel, dockerfileRel),
  ],
])('%s', (_name, loadDockerignore) => {
  test('reads <context>/.dockerignore', async () => {
    const root = await testdir({ 'app/.dockerignore': '*.log\n', 'app/Dockerfile': 'FROM x\n' });
    const m = await loadDockerignore(root, 'app', 'app/Dockerfile');
    expect(m.file).toBe('app/.dockerignore');
    expect(m.patterns).toEqual(['*.log']);
    expect(m.ignores('x.log')).toBe(true);
  });

  test('<Dockerfile>.dockerignore next to the Dockerfile wins over the context one', async () => {
    const root = await testdir({
      '.dockerignore': '*\n',
      'docker/api.Dockerfile': 'FROM x\n',
      'docker/api.Dockerfile.dockerignore': 'tests/\n',
    });
    const m = await loadDockerignore(root, '.', 'docker/api.Dockerfile');
    expect(m.file).toBe('docker/api.Dockerfile.dockerignore');
    expect(m.ignores('tests/a.py')).toBe(true);
    expect(m.ignores('src/a.py')).toBe(false);
    const plain = await loadDockerignore(root, '.', 'docker/other.Dockerfile');
    expect(plain.file).toBe('.dockerignore');
    expect(plain.ignores('src/a.py')).toBe(true);
  });

  test('no .dockerignore: nothing is ignored and there is no file', async () => {
    const root = await testdir({ Dockerfile: 'FROM x\n' });
    const m = await loadDockerignore(root, '.');
    expect(m.file).toBeUndefined();
    expect(m.patterns).toEqual([]);
    expect(m.ignores('anything/at/all')).toBe(false);
  });
});

test('loadDockerignoreSync reads only the candidates `exists` allows', async () => {
  const root = await testdir({
    '.dockerignore': '*\n',
    'docker/api.Dockerfile': 'FROM x\n',
    'docker/api.Dockerfile.dockerignore': 'tests/\n',
  });
  const m = loadDockerignoreSync(root, '.', 'docker/api.Dockerfile', (f) => f === '.dockerignore');
  expect(m.file).toBe('.dockerignore');
  expect(loadDockerignoreSync(root, '.', 'docker/api.Dockerfile', () => false).file).toBeUndefined();
});
