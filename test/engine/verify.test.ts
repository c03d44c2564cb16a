import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResult, VerifyResult } from '../../src/verify/result.js';
import { runVerify, type VerifyTarget } from '../../src/verify/run.js';
import { parseTestFile, type TestFile } from '../../src/verify/schema.js';
import { RUN_LABEL } from '../../src/verify/session.js';
import { busyboxImage, DOCKER, docker, requireEngine } from '../helpers/engine.js';
import { dedent } from '../helpers/testdir.js';

// Every kind of test, passing and failing, against small images built here from the busybox stand-in:
// `app` is a non-root HTTP server with a HEALTHCHECK, `root` is busybox as it is, `sick` declares a
// health check that fails.

const run = promisify(execFile);
const engine = await requireEngine();
const PREFIX = 'strata-verify-test';
const APP = `${PREFIX}/app:latest`;
const SICK = `${PREFIX}/sick:latest`;
const PYTHON = 'python:3.12-slim';
let ROOT = '';

async function buildImage(tag: string, dockerfile: string): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-verify-img-'));
  await fs.writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  await run(DOCKER, ['build', '-q', '-t', tag, dir], { env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  await fs.rm(dir, { recursive: true, force: true });
}

function tests(yaml: string, file = 'tests.yaml'): TestFile {
  const parsed = parseTestFile(dedent(yaml), file);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.tests!;
}

async function verifyOne(
  ref: string,
  yaml: string,
  extra: Partial<Parameters<typeof runVerify>[0]> = {},
): Promise<VerifyResult> {
  const target: VerifyTarget = { name: ref, ref, tests: [tests(yaml)] };
  return runVerify({ targets: [target], jobs: 4, ...extra });
}

function byName(result: VerifyResult): Record<string, TestResult> {
  return Object.fromEntries(result.images.flatMap((i) => i.tests).map((t) => [t.name, t]));
}

async function leftovers(runId: string): Promise<string> {
  return (await docker(['ps', '--all', '--quiet', '--filter', `label=${RUN_LABEL}=${runId}`])).trim();
}

describe.skipIf(!engine)('strata verify on the engine', () => {
  beforeAll(async () => {
    ROOT = await busyboxImage();
    await buildImage(
      APP,
      dedent(`
        FROM ${ROOT}
        ARG APP_ENV=staging
        RUN for a in httpd wget whoami dd; do ln -s busybox /bin/$a; done \\
            && mkdir -p /etc /www && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd \\
            && echo 'app:x:1000:1000::/www:/bin/sh' >> /etc/passwd && echo hello > /www/index.html \\
            && chmod 640 /www/index.html && chown 1000:1000 /www/index.html
        ENV APP_ENV=\${APP_ENV} MODE=web-2.1.8
        LABEL org.example.commit=0123abc
        EXPOSE 8080
        USER app
        WORKDIR /www
        HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=2 \\
            CMD ["/bin/wget", "-q", "-O", "-", "http://127.0.0.1:8080/index.html"]
        CMD ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]
      `),
    );
    await buildImage(
      SICK,
      `FROM ${ROOT}\nHEALTHCHECK --interval=1s --retries=1 CMD ["/bin/false"]\nCMD ["/bin/sleep", "600"]\n`,
    );
  }, 300_000);

  afterAll(async () => {
    await run(DOCKER, ['image', 'rm', '--force', APP, SICK]).catch(() => undefined);
  });

  it('command tests: output, error, exit code, env, setup, passing and failing', async () => {
    const r = await verifyOne(
      ROOT,
      `
      schemaVersion: 2.0.0
      globalEnvVars:
        - key: GREETING
          value: hi-$PATH
      commandTests:
        - name: pass
          command: sh
          args: [-c, 'echo $GREETING; echo oops >&2; exit 3']
          envVars:
            - key: EXTRA
              value: x
          expectedOutput: ['^hi-/bin']
          expectedError: [oops]
          excludedOutput: [nope]
          exitCode: 3
        - name: setup then command
          setup: [[touch, /tmp/made-by-setup]]
          command: ls
          args: [/tmp/made-by-setup]
        - name: wrong output
          command: echo
          args: [root]
          expectedOutput: [appuser]
        - name: wrong exit
          command: 'false'
        - name: excluded error
          command: sh
          args: [-c, 'echo FAIL >&2']
          excludedError: [FAIL]
      `,
    );
    const t = byName(r);
    expect(t.pass?.status).toBe('passed');
    expect(t['setup then command']?.status).toBe('passed');
    expect(t['wrong output']).toMatchObject({
      status: 'failed',
      errors: ['expected output /appuser/ not found in: root'],
    });
    expect(t['wrong exit']).toMatchObject({ status: 'failed', errors: ['exit code 1, expected 0'] });
    expect(t['excluded error']?.errors[0]).toMatch(/^excluded error \/FAIL\/ found/);
    expect(await leftovers(r.runId)).toBe('');
    expect(await docker(['image', 'ls', '--quiet', `strata-verify-tmp`])).toBe('');
  });

  it('file existence and content tests, with modes and owners read without a shell', async () => {
    const r = await verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      fileExistenceTests:
        - name: root dir
          path: /
          uid: 0
          gid: 0
          permissions: drwxr-xr-x
        - name: page
          path: /www/index.html
          permissions: -rw-r-----
          uid: 1000
          gid: 1000
        - name: busybox executable
          path: /bin/busybox
          isExecutableBy: other
        - name: absent
          path: /etc/nothing
          shouldExist: false
        - name: missing
          path: /etc/nothing
        - name: wrong mode
          path: /www/index.html
          permissions: -rwxrwxrwx
        - name: wrong owner
          path: /www/index.html
          uid: 0
        - name: not executable
          path: /www/index.html
          isExecutableBy: owner
      fileContentTests:
        - name: passwd
          path: /etc/passwd
          expectedContents: ['(?m)^app:x:1000:']
          excludedContents: [nobody]
        - name: wrong content
          path: /www/index.html
          expectedContents: [goodbye]
        - name: content of a missing file
          path: /etc/nothing
      `,
    );
    const t = byName(r);
    for (const name of ['root dir', 'page', 'busybox executable', 'absent', 'passwd'])
      expect(t[name], name).toMatchObject({ status: 'passed' });
    expect(t.missing?.errors).toEqual(['/etc/nothing does not exist']);
    expect(t['wrong mode']?.errors).toEqual([
      '/www/index.html has permissions -rw-r-----, expected -rwxrwxrwx',
    ]);
    expect(t['wrong owner']?.errors).toEqual(['/www/index.html is owned by uid 1000, expected 0']);
    expect(t['not executable']?.errors[0]).toMatch(/not executable by owner/);
    expect(t['wrong content']?.errors[0]).toMatch(/^expected content \/goodbye\/ not found in: hello/);
    expect(t['content of a missing file']?.status).toBe('failed');
  });

  it('metadata tests, and a non-root user resolved in /etc/passwd', async () => {
    const pass = await verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      metadataTest:
        envVars:
          - key: APP_ENV
            value: staging
          - key: MODE
            value: '[a-z]+-2\\.1\\.*'
            isRegex: true
        unboundEnvVars: [{ key: NOT_SET }]
        labels: [{ key: org.example.commit, value: 0123abc }]
        exposedPorts: ['8080']
        unexposedPorts: ['80']
        cmd: [/bin/httpd, -f, -p, '8080', -h, /www]
        workdir: /www
        user: app
        nonRoot: true
      `,
    );
    expect(pass.images[0]?.tests[0]).toMatchObject({ status: 'passed', errors: [] });

    const fail = await verifyOne(
      ROOT,
      `
      schemaVersion: 2.0.0
      metadataTest:
        envVars: [{ key: APP_ENV, value: production }]
        exposedPorts: ['8000']
        user: appuser
        nonRoot: true
      `,
    );
    expect(fail.images[0]?.tests[0]?.errors).toEqual([
      'env APP_ENV is not set',
      'port 8000 is not exposed',
      "user is '', expected 'appuser'",
      'the image sets no USER: it runs as root',
    ]);
  });

  it('health tests: declared timings, healthy in a started container; missing and still unhealthy at the deadline fail', async () => {
    const pass = await verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      healthTest:
        command: wget -q -O - http://127.0.0.1:8080/
        interval: 30s
        timeout: 3s
        startPeriod: 5s
        retries: 2
        deadline: 60s
      `,
    );
    expect(pass.images[0]?.tests[0]).toMatchObject({ kind: 'health', status: 'passed' });

    const wrongTimings = await verifyOne(
      APP,
      'schemaVersion: 2.0.0\nhealthTest:\n  interval: 10s\n  retries: 3\n',
    );
    expect(wrongTimings.images[0]?.tests[0]?.errors).toEqual([
      'HEALTHCHECK interval is 30 s, expected 10 s',
      'HEALTHCHECK retries is 2, expected 3',
    ]);
    const missing = await verifyOne(ROOT, 'schemaVersion: 2.0.0\nhealthTest: {}\n');
    expect(missing.images[0]?.tests[0]?.errors).toEqual(['the image declares no HEALTHCHECK']);
    const sick = await verifyOne(SICK, 'schemaVersion: 2.0.0\nhealthTest:\n  deadline: 5s\n');
    expect(sick.images[0]?.tests[0]?.errors[0]).toMatch(/^not healthy after 5 s \(health: unhealthy/);
    expect(await leftovers(sick.runId)).toBe('');
  });

  it('port tests answer from outside the container; a closed port fails at its deadline', async () => {
    const r = await verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      portTests:
        - name: page
          port: 8080
          path: /index.html
          expectedBody: [hello]
          deadline: 30s
        - name: tcp
          port: 8080
          protocol: tcp
        - name: not found
          port: 8080
          path: /missing
          deadline: 2s
        - name: closed
          port: 9999
          protocol: tcp
          deadline: 2s
      `,
    );
    const t = byName(r);
    expect(t.page?.status).toBe('passed');
    expect(t.tcp?.status).toBe('passed');
    expect(t['not found']?.errors[0]).toMatch(/GET \/missing answered 404, expected 200/);
    expect(t.closed?.errors[0]).toMatch(/^port 9999 did not answer within 2 s/);
    expect(await leftovers(r.runId)).toBe('');
  });

  it('size and base tests', async () => {
    const r = await verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      sizeTest:
        maxSize: 1kB
      baseTest:
        parent: ${ROOT}
      `,
    );
    const t = byName(r);
    expect(t.size?.errors[0]).toMatch(/^the image is [\d.]+MB, over its budget of 1kB$/);
    expect(t[`built FROM ${ROOT}`]?.status).toBe('passed');
    const ok = await verifyOne(
      APP,
      `schemaVersion: 2.0.0\nsizeTest:\n  maxSize: 1GB\nbaseTest:\n  parent: ${PYTHON}\n`,
    );
    expect(byName(ok).size?.status).toBe('passed');
    expect(byName(ok)[`built FROM ${PYTHON}`]?.errors[0]).toMatch(
      /layers do not start with the \d+ layers of python:3.12-slim/,
    );
  });

  it('import tests with versions; GPU tests are not run without a GPU runtime, and say why', async () => {
    const r = await verifyOne(
      PYTHON,
      `
      schemaVersion: 2.0.0
      importTests:
        - name: stdlib
          modules: [json, sqlite3]
          versions: { json: '>=2.0' }
        - name: missing module
          modules: [no_such_module_here]
        - name: too old
          modules: [json]
          versions: { json: '>=99' }
      gpuTest:
        torch: true
      `,
    );
    const t = byName(r);
    expect(t.stdlib?.status).toBe('passed');
    expect(t['missing module']?.errors[0]).toMatch(/^import no_such_module_here failed: ModuleNotFoundError/);
    expect(t['too old']?.errors[0]).toMatch(/^json [\d.]+ does not satisfy >=99$/);
    const runtimes = await docker(['info', '--format', '{{json .Runtimes}}']);
    if (!runtimes.includes('nvidia')) {
      expect(t.gpu).toMatchObject({ status: 'skipped' });
      expect(t.gpu?.reason).toMatch(/no GPU runtime/);
    } else expect(['passed', 'failed']).toContain(t.gpu?.status);
  });

  it('a hanging test times out and its container is removed; the image keeps the others', async () => {
    const r = await verifyOne(
      ROOT,
      `
      schemaVersion: 2.0.0
      commandTests:
        - name: hangs
          command: sleep
          args: ['600']
          timeout: 2s
        - name: quick
          command: 'true'
      `,
    );
    const t = byName(r);
    expect(t.hangs).toMatchObject({ status: 'error', errors: ['timed out after 2 s'] });
    expect(t.quick?.status).toBe('passed');
    expect(await leftovers(r.runId)).toBe('');
  });

  it('an interrupt stops the run and removes every container it made', async () => {
    const controller = new AbortController();
    const pending = verifyOne(
      APP,
      `
      schemaVersion: 2.0.0
      commandTests:
        - name: long
          command: sleep
          args: ['600']
      portTests:
        - port: 8080
          protocol: tcp
          deadline: 5m
      `,
      { signal: controller.signal, jobs: 2 },
    );
    await new Promise((r) => setTimeout(r, 3_000));
    controller.abort();
    const r = await pending;
    expect(r.interrupted).toBe(true);
    expect(r.ok).toBe(false);
    expect(await leftovers(r.runId)).toBe('');
  });

  it('two runs at once do not collide', async () => {
    const yaml = `
      schemaVersion: 2.0.0
      commandTests:
        - name: one
          command: 'true'
      fileExistenceTests:
        - name: passwd
          path: /etc/passwd
    `;
    const [a, b] = await Promise.all([verifyOne(APP, yaml), verifyOne(APP, yaml)]);
    expect(a.runId).not.toBe(b.runId);
    expect(a.ok && b.ok).toBe(true);
  });

  it('an image that is not on the engine is one clear error', async () => {
    const r = await verifyOne(
      `${PREFIX}/never-built:latest`,
      'schemaVersion: 2.0.0\ncommandTests: [{name: x, command: "true"}]\n',
    );
    expect(r.ok).toBe(false);
    expect(r.images[0]?.error).toMatch(/is not on the engine: pull or build it first/);
  });
});
