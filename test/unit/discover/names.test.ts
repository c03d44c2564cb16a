import { describe, expect, test } from 'vitest';
import { scriptDialect } from '../../../src/discover/names.js';
import {
  classifyFile,
  isBakeName,
  isBuildScriptName,
  isComposeName,
  isDependencyName,
  isDockerfileName,
  isDockerignoreName,
} from '../../../src/discover/walk.js';

describe('isDockerfileName', () => {
  test.each([
    'Dockerfile',
    'Dockerfile.gpu',
    'Dockerfile.cuda.dev',
    'Dockerfile_cpu',
    'Dockerfile-dev',
    'api.Dockerfile',
    'worker.dockerfile',
    'Containerfile',
    'Containerfile.rhel',
    'dockerfile',
    'dockerfile.prod',
  ])('%s is a Dockerfile', (name) => {
    expect(isDockerfileName(name)).toBe(true);
  });

  test.each([
    'Dockerfile.dockerignore',
    'Dockerfile.md',
    'Dockerfile.gpu.md',
    'README.md',
    'Dockerfiles',
    'MyDockerfile',
    '.dockerignore',
    'docker-compose.yml',
    'dockerfile-ast.js.map.txt.Dockerfile.md',
    '.dockerfile',
  ])('%s is not a Dockerfile', (name) => {
    expect(isDockerfileName(name)).toBe(false);
  });
});

test.each([
  ['.dockerignore', 'dockerignore'],
  ['Dockerfile.dockerignore', 'dockerignore'],
  ['api.Dockerfile.dockerignore', 'dockerignore'],
  ['docker-compose.yml', 'compose'],
  ['docker-compose.gpu.yaml', 'compose'],
  ['compose.yaml', 'compose'],
  ['compose.override.yml', 'compose'],
  ['docker-bake.hcl', 'bake'],
  ['docker-bake.override.json', 'bake'],
  ['build-all.sh', 'script'],
  ['build.bash', 'script'],
  ['Makefile', 'script'],
  ['GNUmakefile', 'script'],
  ['docker.mk', 'script'],
  ['build.bat', 'script'],
  ['build.cmd', 'script'],
  ['build.ps1', 'script'],
  ['strata.yaml', 'config'],
  ['strata.yml', 'config'],
  ['requirements.txt', 'dependency'],
  ['requirements-common.txt', 'dependency'],
  ['constraints.txt', 'dependency'],
  ['versions.txt', 'dependency'],
  ['.env', 'dependency'],
  ['pyproject.toml', 'dependency'],
  ['poetry.lock', 'dependency'],
  ['uv.lock', 'dependency'],
  ['Pipfile', 'dependency'],
  ['environment.yml', 'dependency'],
  ['package.json', 'dependency'],
  ['package-lock.json', 'dependency'],
  ['main.py', undefined],
  ['compose.md', undefined],
  ['docker-bake.yml', undefined],
])('%s is classified as %s', (name, kind) => {
  expect(classifyFile(name)).toBe(kind);
});

test('the single-purpose predicates agree with classifyFile', () => {
  expect(isDockerignoreName('.dockerignore')).toBe(true);
  expect(isDockerignoreName('dockerignore')).toBe(false);
  expect(isComposeName('docker-compose.yml')).toBe(true);
  expect(isComposeName('compose.json')).toBe(false);
  expect(isBakeName('docker-bake.hcl')).toBe(true);
  expect(isBuildScriptName('Makefile')).toBe(true);
  expect(isBuildScriptName('Makefile.am')).toBe(false);
  expect(isDependencyName('requirements/dev.txt')).toBe(false);
});

test.each([
  ['scripts/build.sh', 'sh'],
  ['Makefile', 'make'],
  ['mk/docker.mk', 'make'],
  ['build.BAT', 'bat'],
  ['build.cmd', 'bat'],
  ['build.ps1', 'ps1'],
  ['build.bash', 'sh'],
])('%s is read as %s', (file, dialect) => {
  expect(scriptDialect(file)).toBe(dialect);
});
