import { describe, expect, test } from 'vitest';
import {
  buildModeOf,
  chooseClient,
  clientCandidates,
  parseBuildxVersion,
  parseVersionJson,
} from '../../../src/engine/detect.js';
import { readRecorded } from '../recorded.js';

const read = (name: string) => readRecorded('engine/version', name);

describe('parseVersionJson (recorded `docker version --format {{json .}}`)', () => {
  test.each([
    ['debian-20.10.json', '20.10.24+dfsg1', '20.10.24+dfsg1'],
    ['client-28-server-20.10.json', '28.2.2', '20.10.24+dfsg1'],
    ['no-engine.json', '20.10.24+dfsg1', undefined],
  ])('%s', (file, client, server) => {
    expect(parseVersionJson(read(file))).toEqual({ client, server });
  });
  test('garbage', () => expect(parseVersionJson('nope')).toEqual({}));
});

test('parseBuildxVersion', () => {
  expect(parseBuildxVersion('github.com/docker/buildx v0.12.1 30feaa1')).toBe('v0.12.1');
  expect(parseBuildxVersion('github.com/docker/buildx 0.10.4+ds1-1 ')).toBe('0.10.4+ds1-1');
});

describe('choosing the client', () => {
  const docker28 = {
    binary: '/usr/local/bin/docker',
    runs: true,
    clientVersion: '28.2.2',
    serverVersion: '20.10.24',
  };
  const debian = {
    binary: '/usr/bin/docker',
    runs: true,
    clientVersion: '20.10.24+dfsg1',
    serverVersion: '20.10.24',
  };

  test('a client >= 23 without buildx cannot build with BuildKit; the Debian 20.10 client can', () => {
    expect(buildModeOf(docker28)).toBe('none');
    expect(buildModeOf(debian)).toBe('classic-buildkit');
    expect(buildModeOf({ ...docker28, buildxVersion: 'v0.14.0' })).toBe('buildx');
  });

  test('this machine: PATH docker 28 without buildx is passed over for /usr/bin/docker', () => {
    const choice = chooseClient([docker28, debian]);
    expect(choice?.binary).toBe('/usr/bin/docker');
    expect(choice?.mode).toBe('classic-buildkit');
    expect(choice?.notes[0]).toMatch(/28\.2\.2 has no buildx/);
    expect(choice?.notes[1]).toMatch(/chosen/);
  });

  test('buildx wins when present', () => {
    expect(chooseClient([{ ...docker28, buildxVersion: 'v0.14.0' }, debian])?.mode).toBe('buildx');
  });

  test('no capable client: the first that runs, mode none; nothing runs: undefined', () => {
    expect(chooseClient([docker28])).toMatchObject({ binary: docker28.binary, mode: 'none' });
    expect(chooseClient([{ binary: '/x/docker', runs: false, error: 'ENOENT' }])).toBeUndefined();
  });

  test('STRATA_DOCKER alone is the candidate when set', () => {
    expect(clientCandidates({ STRATA_DOCKER: '/opt/docker', PATH: '/usr/bin' })).toEqual(['/opt/docker']);
    expect(clientCandidates({ PATH: '/nonexistent' })).toEqual(['/usr/bin/docker']);
  });
});
