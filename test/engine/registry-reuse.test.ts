import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/engine/client.js';
import { computePlan } from '../../src/plan/index.js';
import { scan } from '../../src/scan.js';
import { busyboxImage, DOCKER, docker, requireEngine } from '../helpers/engine.js';
import { type Tree, testdir } from '../helpers/testdir.js';
import { actions, carryOut, reasons } from './plan-helpers.js';

const run = promisify(execFile);
const engineUp = await requireEngine();
const REGISTRY = '127.0.0.1:5000';
// The registry keeps what earlier runs pushed: each run gets a namespace of its own.
const NS = `strata-test-plan-${Date.now().toString(36)}`;
const R = `${REGISTRY}/${NS}`;
const P = 'strata-test-registry';
const BASE = `${REGISTRY}/strata-test-plan/busybox:latest`;
const scripts = path.resolve(import.meta.dirname, '../../scripts');

const tree: Tree = {
  'docker-compose.yml': [
    'services:',
    '  base:',
    '    build: ./base',
    `    image: ${P}/base:latest`,
    '  api:',
    '    build: ./api',
    `    image: ${P}/api:latest`,
    '',
  ].join('\n'),
  'base/Dockerfile': `FROM ${BASE}\nCOPY base.txt /base.txt\nRUN echo built > /built\n`,
  'base/base.txt': 'base\n',
  'api/Dockerfile': `FROM ${P}/base:latest\nCOPY app.py /app/\n`,
  'api/app.py': `print("${Date.now()}")\n`,
};

async function freshDocker(args: string[]): Promise<string> {
  const { stdout } = await run(DOCKER, args, { env: { ...process.env, DOCKER_HOST: freshHost } });
  return stdout;
}
let freshHost = '';

describe.skipIf(!engineUp)('registry reuse on a second, empty engine', () => {
  let machineA: string;
  let machineB: string;

  beforeAll(async () => {
    await run('bash', [path.join(scripts, 'registry.sh')]);
    const { stdout } = await run('bash', [path.join(scripts, 'engine-fresh.sh'), 'reset']);
    freshHost = /DOCKER_HOST=(\S+)/.exec(stdout)![1]!;
    // The external base lives in the registry, as a team's bases do: both machines can name it.
    await docker(['tag', await busyboxImage(), BASE]);
    await docker(['push', BASE]);
    machineA = await testdir(tree);
    machineB = await testdir(tree);
  });

  afterAll(async () => {
    const local = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
    const mine = local.filter((r) => r.startsWith(`${P}/`) || r.startsWith(`${R}/`) || r === BASE);
    if (mine.length > 0) await docker(['image', 'rm', '-f', ...mine]).catch(() => undefined);
    await run('bash', [path.join(scripts, 'engine-fresh.sh'), 'reset']).catch(() => undefined);
    for (const dir of [machineA, machineB]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test('machine A builds and pushes R/<name>:fp-<fingerprint>', async () => {
    const graph = await scan(machineA);
    const plan = await computePlan(graph, { engine: createEngine(), registry: R });
    expect(actions(plan)).toEqual({ base: 'build', api: 'build' });
    const done = await carryOut(graph, plan);
    expect(done.built).toEqual(['base', 'api']);
    for (const image of plan.images) {
      const res = await fetch(`http://${REGISTRY}/v2/${NS}/${image.id}/manifests/fp-${image.fingerprint}`, {
        method: 'HEAD',
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(res.status).toBe(200);
    }
  });

  test('the fresh engine lacks every image: the plan reuses them all, pull + retag works, then all skip', async () => {
    expect(await freshDocker(['images', '-q'])).toBe('');
    const fresh = createEngine({ host: freshHost });
    const graph = await scan(machineB);
    const plan = await computePlan(graph, { engine: fresh, registry: R });
    expect(actions(plan)).toEqual({ base: 'reuse', api: 'reuse' });
    expect(reasons(plan).api).toEqual([`${R}/api:fp-${plan.images[1]!.fingerprint} holds this fingerprint`]);

    const done = await carryOut(graph, plan, fresh);
    expect(done).toEqual({ built: [], reused: ['base', 'api'] });
    const label = await freshDocker([
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.strata.fingerprint"}}',
      `${P}/api:latest`,
    ]);
    expect(label.trim()).toBe(plan.images[1]!.fingerprint);
    expect(actions(await computePlan(graph, { engine: fresh, registry: R }))).toEqual({
      base: 'skip',
      api: 'skip',
    });
  });

  test('on the fresh engine a changed service builds on top of the reused base', async () => {
    await fs.writeFile(path.join(machineB, 'api/app.py'), 'print("changed on B")\n');
    const fresh = createEngine({ host: freshHost });
    const graph = await scan(machineB);
    const plan = await computePlan(graph, { engine: fresh, registry: R });
    expect(actions(plan)).toEqual({ base: 'skip', api: 'build' });
    expect(reasons(plan).api).toEqual(['api/app.py changed']);
    expect((await carryOut(graph, plan, fresh)).built).toEqual(['api']);
  });
});
