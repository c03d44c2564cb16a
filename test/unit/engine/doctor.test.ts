import { expect, test } from 'vitest';
import { doctorChecks, parseContextLine } from '../../../src/engine/doctor.js';
import type { EngineInfo } from '../../../src/engine/types.js';

const thisMachine: EngineInfo = {
  reachable: true,
  client: '/usr/bin/docker',
  clientVersion: '20.10.24+dfsg1',
  serverVersion: '20.10.24+dfsg1',
  buildx: false,
  buildkit: true,
  buildMode: 'classic-buildkit',
};

test('checks on an engine with built-in BuildKit and no buildx', () => {
  const checks = doctorChecks(
    thisMachine,
    { images: 7_000_000_000, buildCache: 589_000_000, containers: 0, volumes: 0 },
    {
      context: 'default',
      host: 'unix:///var/run/docker.sock',
    },
  );
  expect(checks).toEqual([
    { name: 'client', status: 'ok', detail: '/usr/bin/docker 20.10.24+dfsg1' },
    { name: 'engine', status: 'ok', detail: 'server 20.10.24+dfsg1 at unix:///var/run/docker.sock' },
    {
      name: 'buildkit',
      status: 'ok',
      detail: 'builds with DOCKER_BUILDKIT=1 docker build (built-in BuildKit)',
    },
    {
      name: 'buildx',
      status: 'warn',
      detail: 'not installed: named build contexts, --cache-to and --builder need it',
    },
    { name: 'context', status: 'ok', detail: 'context default' },
    { name: 'disk', status: 'ok', detail: 'images 7.0 GB, build cache 589 MB' },
  ]);
});

test('no engine: engine fails, BuildKit only a warning, DOCKER_HOST shown', () => {
  const checks = doctorChecks({
    ...thisMachine,
    reachable: false,
    serverVersion: undefined,
    host: 'tcp://10.0.0.5:2375',
    error: 'Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?',
  });
  expect(checks.find((c) => c.name === 'engine')).toEqual({
    name: 'engine',
    status: 'fail',
    detail:
      'no answer at tcp://10.0.0.5:2375: Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?',
  });
  expect(checks.find((c) => c.name === 'buildkit')?.status).toBe('warn');
  expect(checks.find((c) => c.name === 'context')?.detail).toBe('DOCKER_HOST=tcp://10.0.0.5:2375');
});

test('buildx with a builder', () => {
  const checks = doctorChecks({
    ...thisMachine,
    buildx: true,
    buildxVersion: 'v0.14.1',
    builder: 'k8s',
    buildMode: 'buildx',
  });
  expect(checks.find((c) => c.name === 'buildx')).toEqual({
    name: 'buildx',
    status: 'ok',
    detail: 'buildx v0.14.1, builder k8s',
  });
  expect(checks.find((c) => c.name === 'buildkit')?.detail).toBe(
    'builds with docker buildx build (buildx v0.14.1)',
  );
});

test('parseContextLine', () => {
  expect(parseContextLine('default unix:///var/run/docker.sock\n')).toEqual({
    context: 'default',
    host: 'unix:///var/run/docker.sock',
  });
  expect(parseContextLine('')).toBeUndefined();
});
