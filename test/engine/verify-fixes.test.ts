import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../src/verify/result.js';
import { runVerify } from '../../src/verify/run.js';
import { parseTestFile } from '../../src/verify/schema.js';
import { RUN_LABEL } from '../../src/verify/session.js';
import { busyboxImage, DOCKER, docker, requireEngine } from '../helpers/engine.js';
import { dedent } from '../helpers/testdir.js';

// Health and port checks whose verdict depends on time: a container that is unhealthy before it becomes
// healthy, a port that answers with the wrong status, a port the image does not expose.

const run = promisify(execFile);
const engine = await requireEngine();
const PREFIX = 'strata-verifyfix';
const LATE = `${PREFIX}-late:latest`;
const WEB = `${PREFIX}-web:latest`;

async function buildImage(tag: string, dockerfile: string): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-verifyfix-img-'));
  await fs.writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  await run(DOCKER, ['build', '-q', '-t', tag, dir], { env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  await fs.rm(dir, { recursive: true, force: true });
}

async function verifyOne(ref: string, yaml: string): Promise<VerifyResult> {
  const parsed = parseTestFile(dedent(yaml), 'tests.yaml');
  expect(parsed.tests.broken).toEqual([]);
  return runVerify({ targets: [{ name: ref, ref, tests: [parsed.tests] }], jobs: 4 });
}

async function leftovers(runId: string): Promise<string> {
  return (await docker(['ps', '--all', '--quiet', '--filter', `label=${RUN_LABEL}=${runId}`])).trim();
}

describe.skipIf(!engine)('strata verify: health and ports over time', () => {
  beforeAll(async () => {
    const root = await busyboxImage();
    await buildImage(
      LATE,
      dedent(`
        FROM ${root}
        HEALTHCHECK --interval=1s --retries=1 CMD ["/bin/busybox", "test", "-f", "/tmp/ok"]
        CMD ["/bin/sh", "-c", "sleep 6; touch /tmp/ok; sleep 1000"]
      `),
    );
    await buildImage(
      WEB,
      dedent(`
        FROM ${root}
        RUN mkdir -p /www && echo hello > /www/index.html
        EXPOSE 8080
        CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
      `),
    );
  }, 300_000);

  afterAll(async () => {
    await run(DOCKER, ['image', 'rm', '--force', LATE, WEB]).catch(() => undefined);
  });

  it('a container unhealthy at first but healthy before the deadline passes', async () => {
    const r = await verifyOne(LATE, 'schemaVersion: 2.0.0\nhealthTest:\n  deadline: 40s\n');
    expect(r.images[0]?.tests[0]).toMatchObject({ kind: 'health', status: 'passed' });
    expect(await leftovers(r.runId)).toBe('');
  }, 90_000);

  it('a port test ends at its deadline, says a port answered when it did, and notes a port not exposed', async () => {
    const started = Date.now();
    const r = await verifyOne(
      WEB,
      `
      schemaVersion: 2.0.0
      portTests:
        - name: wrong status
          port: 8080
          path: /nonexistent
          deadline: 4s
        - name: not exposed
          port: 9999
          deadline: 4s
      `,
    );
    const t = Object.fromEntries(r.images[0]?.tests.map((x) => [x.name, x]) ?? []);
    expect(t['wrong status']?.errors).toEqual([
      'port 8080 answered, but not as expected within 4 s: GET /nonexistent answered 404, expected 200',
    ]);
    expect(t['not exposed']?.errors[0]).toMatch(
      /^port 9999 did not answer within 4 s: .*does not EXPOSE 9999\/tcp/,
    );
    // Ends at its 4 s deadline, not at the test's 60 s timeout; the margin absorbs a loaded CI machine.
    for (const x of Object.values(t)) expect(x.durationMs).toBeLessThan(4_000 + 15_000);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(await leftovers(r.runId)).toBe('');
  }, 90_000);
});
