import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { execDocker, formatArgv, LineSplitter, setEngineDebugListener } from '../../../src/engine/exec.js';
import { testdir } from '../../helpers/testdir.js';

/** A stand-in `docker` binary: a shell script. */
async function fakeDocker(body: string): Promise<string> {
  const dir = await testdir({ docker: { content: `#!/bin/sh\n${body}\n`, mode: 0o755 } });
  return path.join(dir, 'docker');
}

describe('execDocker', () => {
  test('argv without a shell, --context first, DOCKER_HOST and extra env, streamed output, debug log', async () => {
    const binary = await fakeDocker(
      'for a in "$@"; do echo "arg:$a"; done\necho "host:$DOCKER_HOST"\necho "bk:$DOCKER_BUILDKIT" >&2\nexit 3',
    );
    const debug: string[] = [];
    setEngineDebugListener((m) => debug.push(m));
    const chunks: string[] = [];
    try {
      const r = await execDocker(
        { binary, host: 'tcp://10.0.0.5:2375', context: 'remote', env: { DOCKER_BUILDKIT: '1' } },
        ['build', '--label', 'a=b c; $(rm -rf /)', '.'],
        { onStdout: (c) => chunks.push(c) },
      );
      expect(r.code).toBe(3);
      expect(r.stdout.split('\n').filter(Boolean)).toEqual([
        'arg:--context',
        'arg:remote',
        'arg:build',
        'arg:--label',
        'arg:a=b c; $(rm -rf /)',
        'arg:.',
        'host:tcp://10.0.0.5:2375',
      ]);
      expect(chunks.join('')).toBe(r.stdout);
      expect(r.stderr).toBe('bk:1\n');
      expect(debug[0]).toBe(
        `exec DOCKER_BUILDKIT=1 ${binary} --context remote build --label 'a=b c; $(rm -rf /)' . (DOCKER_HOST=tcp://10.0.0.5:2375)`,
      );
      expect(debug[1]).toMatch(/^exit 3 after \d+ ms/);
    } finally {
      setEngineDebugListener(undefined);
    }
  });

  test('abort sends SIGINT; the process can finish cleanly', async () => {
    const binary = await fakeDocker(
      "trap 'echo got-int; kill $! 2>/dev/null; exit 130' INT\nsleep 30 &\nwait",
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await execDocker({ binary }, [], { signal: controller.signal, graceMs: 5000 });
    expect(r.aborted).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('got-int\n');
  });

  test('a process that ignores SIGINT is killed after the grace period', async () => {
    const binary = await fakeDocker("trap '' INT\nexec sleep 30");
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const r = await execDocker({ binary }, [], { signal: controller.signal, graceMs: 300 });
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('timeout stops the call', async () => {
    const binary = await fakeDocker('exec sleep 30');
    const r = await execDocker({ binary }, [], { timeoutMs: 200 });
    expect(r).toMatchObject({ timedOut: true, aborted: true, signal: 'SIGINT' });
  });

  test('a missing binary is an EngineError with a hint', async () => {
    await expect(execDocker({ binary: '/nonexistent/docker' }, ['version'])).rejects.toMatchObject({
      code: 'STRATA_ENGINE_CLIENT_MISSING',
      hint: expect.stringMatching(/STRATA_DOCKER/),
    });
  });

  test('stdin input (an inline Dockerfile)', async () => {
    const binary = await fakeDocker('cat');
    expect((await execDocker({ binary }, [], { input: 'FROM x\n' })).stdout).toBe('FROM x\n');
  });
});

test('LineSplitter keeps partial lines until completed or flushed', () => {
  const s = new LineSplitter();
  expect(s.push('#1 a\n#1 b')).toEqual(['#1 a']);
  expect(s.push('c\r\n#2 ')).toEqual(['#1 bc']);
  expect(s.flush()).toEqual(['#2 ']);
  expect(s.flush()).toEqual([]);
});

test('formatArgv quotes what a shell would split', () => {
  expect(formatArgv(['docker', 'build', '--label', "it's", 'a b', 'x=1'])).toBe(
    `docker build --label 'it'\\''s' 'a b' x=1`,
  );
});
