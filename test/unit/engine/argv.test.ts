import { describe, expect, test } from 'vitest';
import { buildCommand } from '../../../src/engine/argv.js';
import type { BuildRequest } from '../../../src/engine/types.js';

const full: BuildRequest = {
  dockerfile: '/repo/svc/Dockerfile',
  context: '/repo/svc',
  target: 'runtime',
  args: { PYTHON_VERSION: '3.11', APP_ENV: 'prod' },
  tags: ['acme/svc:latest', 'acme/svc:1.2'],
  labels: { 'org.strata.image': 'svc', 'org.strata.fingerprint': 'abc' },
  platform: 'linux/amd64',
  secrets: ['id=npmrc,src=/home/u/.npmrc'],
  ssh: ['default'],
  cacheFrom: ['type=registry,ref=r/svc:cache'],
  network: 'host',
  noCache: true,
  pull: true,
};

describe('buildCommand', () => {
  test('classic BuildKit: exact argv and DOCKER_BUILDKIT=1', () => {
    const cmd = buildCommand(full, { mode: 'classic-buildkit', iidfile: '/tmp/x/iid' });
    expect(cmd.env).toEqual({ DOCKER_BUILDKIT: '1' });
    expect(cmd.args).toEqual([
      'build',
      '--file',
      '/repo/svc/Dockerfile',
      '--target',
      'runtime',
      '--build-arg',
      'APP_ENV=prod',
      '--build-arg',
      'PYTHON_VERSION=3.11',
      '--label',
      'org.strata.fingerprint=abc',
      '--label',
      'org.strata.image=svc',
      '--tag',
      'acme/svc:latest',
      '--tag',
      'acme/svc:1.2',
      '--platform',
      'linux/amd64',
      '--secret',
      'id=npmrc,src=/home/u/.npmrc',
      '--ssh',
      'default',
      '--cache-from',
      'type=registry,ref=r/svc:cache',
      '--network',
      'host',
      '--no-cache',
      '--pull',
      '--progress=plain',
      '--iidfile',
      '/tmp/x/iid',
      '/repo/svc',
    ]);
  });

  test('buildx: builder, cache-to, named contexts, --load, no env', () => {
    const cmd = buildCommand(
      {
        dockerfile: '/r/Dockerfile',
        context: '/r',
        args: {},
        tags: ['app:dev'],
        labels: {},
        cacheTo: ['type=inline'],
        namedContexts: { base: 'docker-image://acme/base:1', assets: '/r/assets' },
      },
      { mode: 'buildx', builder: 'k8s', iidfile: '/t/iid' },
    );
    expect(cmd.env).toEqual({});
    expect(cmd.args).toEqual([
      'buildx',
      'build',
      '--builder',
      'k8s',
      '--file',
      '/r/Dockerfile',
      '--tag',
      'app:dev',
      '--cache-to',
      'type=inline',
      '--build-context',
      'assets=/r/assets',
      '--build-context',
      'base=docker-image://acme/base:1',
      '--progress=plain',
      '--iidfile',
      '/t/iid',
      '--load',
      '/r',
    ]);
  });

  test('minimal request', () => {
    const cmd = buildCommand(
      { dockerfile: '/a/D', context: '/a', args: {}, tags: [], labels: {} },
      { mode: 'classic-buildkit' },
    );
    expect(cmd.args).toEqual(['build', '--file', '/a/D', '--progress=plain', '/a']);
  });

  test.each([
    [{ namedContexts: { base: 'docker-image://x' } }, {}, /named build context base needs docker buildx/],
    [{ cacheTo: ['type=inline'] }, {}, /--cache-to .* needs docker buildx/],
    [{}, { builder: 'remote' }, /--builder remote needs docker buildx/],
  ])('classic client refuses what needs buildx (%o %o)', (extra, opts, message) => {
    const request: BuildRequest = {
      dockerfile: '/a/D',
      context: '/a',
      args: {},
      tags: [],
      labels: {},
      ...extra,
    };
    expect(() => buildCommand(request, { mode: 'classic-buildkit', ...opts })).toThrow(message);
    try {
      buildCommand(request, { mode: 'classic-buildkit', ...opts });
    } catch (e) {
      expect((e as { code: string }).code).toBe('STRATA_ENGINE_NEEDS_BUILDX');
    }
  });
});

test('an inline Dockerfile goes on stdin: --file -', () => {
  const cmd = buildCommand(
    { dockerfile: '-', dockerfileText: 'FROM x\n', context: '/c', args: {}, tags: [], labels: {} },
    { mode: 'classic-buildkit' },
  );
  expect(cmd.args).toEqual(['build', '--file', '-', '--progress=plain', '/c']);
});
