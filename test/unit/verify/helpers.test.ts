import { describe, expect, it } from 'vitest';
import { containerArgs, parseContainerState } from '../../../src/engine/container.js';
import { parseImageConfig } from '../../../src/engine/inspect.js';
import { layerParentProblem } from '../../../src/verify/checks/base.js';
import { expandEnv } from '../../../src/verify/checks/command.js';
import { goFileMode } from '../../../src/verify/checks/file.js';
import { parseImportProbe } from '../../../src/verify/checks/import.js';
import { uidOf } from '../../../src/verify/checks/metadata.js';
import { portFailure } from '../../../src/verify/checks/port.js';
import { humanSize } from '../../../src/verify/checks/size.js';
import { goRegex, matchPatterns } from '../../../src/verify/regex.js';

describe('verify helpers', () => {
  it.each([
    [{ mode: 0o755, type: 'directory' as const }, 'drwxr-xr-x'],
    [{ mode: 0o644, type: 'file' as const }, '-rw-r--r--'],
    [{ mode: 0o777, type: 'symlink' as const }, 'Lrwxrwxrwx'],
    [{ mode: 0o4755, type: 'file' as const }, 'urwxr-xr-x'],
    [{ mode: 0o1777, type: 'directory' as const }, 'dtrwxrwxrwx'],
    [{ mode: 0o666, type: 'character-device' as const }, 'Dcrw-rw-rw-'],
  ])('prints modes as Go does (%o)', (stat, expected) => {
    expect(goFileMode(stat)).toBe(expected);
  });

  it('expands $VAR and braced variables from the image environment, unknown names empty (os.Expand)', () => {
    const home = ['$', '{HOME}'].join('');
    expect(expandEnv(`/env/bin:$PATH:${home}/x:$NOPE`, { PATH: '/usr/bin', HOME: '/root' })).toBe(
      '/env/bin:/usr/bin:/root/x:',
    );
  });

  it('says a port answered when it did, names a reset as nothing listening, notes a port not exposed', () => {
    const test = {
      name: 'p',
      port: 8000,
      protocol: 'http' as const,
      path: '/',
      expectedStatus: 200,
      expectedBody: [],
      deadlineMs: 10_000,
    };
    expect(portFailure(test, { answered: 'GET / answered 404, expected 200' }, ['8000/tcp'])).toBe(
      'port 8000 answered, but not as expected within 10 s: GET / answered 404, expected 200',
    );
    expect(portFailure({ ...test, port: 9 }, { error: 'read ECONNRESET' }, ['8000/tcp'])).toBe(
      'port 9 did not answer within 10 s: nothing listens on 9 in the container (read ECONNRESET) (the image does not EXPOSE 9/tcp)',
    );
  });

  it('base from layers: the parent is another image whose layers are the image lower ones, one for one', () => {
    const parent = { id: 'sha256:p', layers: ['a', 'b'] };
    expect(layerParentProblem(parent, { id: 'sha256:i', layers: ['a', 'b', 'c'] }, 'p')).toBeUndefined();
    expect(layerParentProblem(parent, { id: 'sha256:p', layers: ['a', 'b'] }, 'p')).toBe(
      'p is the image itself, not its parent',
    );
    expect(layerParentProblem(parent, { id: 'sha256:i', layers: ['a'] }, 'p')).toMatch(
      /more than the image's 1/,
    );
    expect(layerParentProblem(parent, { id: 'sha256:i', layers: ['a', 'x', 'c'] }, 'p')).toMatch(
      /differ from layer 2/,
    );
  });

  it('matches Go patterns unanchored, with leading inline flags', () => {
    expect(goRegex('(?i)usage').test('USAGE: x')).toBe(true);
    expect(matchPatterns('hello\nworld', ['wor'], ['^bye'], 'output')).toEqual([]);
    expect(matchPatterns('hello', ['bye'], ['hel'], 'output')).toEqual([
      'expected output /bye/ not found in: hello',
      'excluded output /hel/ found in: hello',
    ]);
  });

  it('builds docker run flags: entrypoint cleared, env by name only, labels, mounts, ports', () => {
    expect(
      containerArgs({
        image: 'img:1',
        name: 'strata-verify-ab-1',
        labels: { 'strata.verify.run': 'ab' },
        entrypoint: '',
        env: ['A=1', 'SECRET'],
        user: 'root',
        capAdd: ['sys_admin'],
        binds: ['/tmp/t:/tmp/t'],
        publish: ['127.0.0.1::8000'],
        healthInterval: '1000ms',
        cmd: ['sh', '-c', 'echo $A'],
      }),
    ).toEqual([
      '--name',
      'strata-verify-ab-1',
      '--label',
      'strata.verify.run=ab',
      '--entrypoint',
      '',
      '--env',
      'A=1',
      '--env',
      'SECRET',
      '--user',
      'root',
      '--cap-add',
      'sys_admin',
      '--volume',
      '/tmp/t:/tmp/t',
      '--publish',
      '127.0.0.1::8000',
      '--health-interval',
      '1000ms',
      'img:1',
      'sh',
      '-c',
      'echo $A',
    ]);
  });

  it('reads container state and health from docker inspect', () => {
    const state = parseContainerState(
      JSON.stringify({
        Status: 'running',
        Running: true,
        ExitCode: 0,
        Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode: 1, Output: 'refused' }] },
      }),
    );
    expect(state).toEqual({
      status: 'running',
      running: true,
      exitCode: 0,
      health: { status: 'unhealthy', failingStreak: 3, lastOutput: 'refused', lastExitCode: 1 },
    });
    expect(parseContainerState('nope')).toBeUndefined();
  });

  it('reads an image config with its health check, ports and layers', () => {
    const config = parseImageConfig(
      JSON.stringify({
        Id: 'sha256:1',
        Size: 5,
        RootFS: { Layers: ['sha256:a', 'sha256:b'] },
        Config: {
          Env: ['A=1=2', 'B'],
          User: 'appuser',
          ExposedPorts: { '8000/tcp': {} },
          Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9, Retries: 3 },
        },
      }),
    );
    expect(config).toMatchObject({
      env: { A: '1=2', B: '' },
      user: 'appuser',
      exposedPorts: ['8000/tcp'],
      layers: ['sha256:a', 'sha256:b'],
      healthcheck: { test: ['CMD', 'true'], interval: 30e9, timeout: 0, retries: 3 },
    });
    expect(
      parseImageConfig(JSON.stringify({ Id: 'x', Config: { Healthcheck: { Test: ['NONE'] } } }))?.healthcheck,
    ).toBeUndefined();
  });

  it('resolves users against /etc/passwd', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nappuser:x:999:999::/app:/bin/sh\n';
    expect(uidOf('appuser', passwd)).toBe(999);
    expect(uidOf('root', passwd)).toBe(0);
    expect(uidOf('1001', '')).toBe(1001);
    expect(uidOf('ghost', passwd)).toBeUndefined();
  });

  it('reads the import probe line and prints sizes as Docker does', () => {
    expect(parseImportProbe('noise\nSTRATA-IMPORTS {"json": {"version": "2.0.9"}}\n')).toEqual({
      json: { version: '2.0.9' },
    });
    expect(parseImportProbe('Traceback')).toBeUndefined();
    expect(humanSize(6_140_000_000)).toBe('6.1GB');
    expect(humanSize(512)).toBe('512B');
  });
});
