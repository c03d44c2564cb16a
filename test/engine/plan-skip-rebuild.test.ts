import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../../src/engine/client.js';
import { computePlan } from '../../src/plan/index.js';
import { scan } from '../../src/scan.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { dedent, testdir } from '../helpers/testdir.js';
import { actions, carryOut, reasons } from './plan-helpers.js';

const engineUp = await requireEngine();
const P = 'strata-test-plan';
const BASE = `${P}/busybox:latest`;

const compose = (env: string) =>
  dedent(`
  services:
    base:
      build: ./base
      image: ${P}/base:latest
    api:
      build:
        context: ./api
        args:
          APP_ENV: ${env}
      image: ${P}/api:latest
    web:
      build: ./web
      image: ${P}/web:latest
`);

describe.skipIf(!engineUp)('plan on the real engine: skip, rebuild with a reason, cascade', () => {
  let root: string;
  const engine = createEngine();
  const plan = async () => computePlan(await scan(root), { engine });
  const write = (rel: string, text: string) => fs.writeFile(path.join(root, rel), text);

  beforeAll(async () => {
    await busyboxImage(BASE);
    root = await testdir({
      'docker-compose.yml': compose('production'),
      'base/Dockerfile': `FROM ${BASE}\nCOPY base.txt /base.txt\n`,
      'base/base.txt': 'base v1\n',
      'api/Dockerfile': `FROM ${P}/base:latest\nARG APP_ENV\nCOPY src/ /app/\nRUN echo "$APP_ENV" > /env\n`,
      'api/.dockerignore': '**/*.log\n',
      'api/src/app.py': 'print("v1")\n',
      'api/src/debug.log': 'noise\n',
      'api/README.md': 'not copied\n',
      'web/Dockerfile': `FROM ${P}/base:latest\nCOPY index.html /www/\n`,
      'web/index.html': '<h1>v1</h1>\n',
    });
  });

  afterAll(async () => {
    const ids = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', `${P}/*`]))
      .split('\n')
      .filter(Boolean);
    if (ids.length > 0) await docker(['image', 'rm', '-f', ...ids]).catch(() => undefined);
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  test('first plan builds everything; after the build, a re-plan skips everything', async () => {
    const first = await plan();
    expect(actions(first)).toEqual({ base: 'build', api: 'build', web: 'build' });
    expect(first.waves).toEqual([['base'], ['api', 'web']]);
    expect(reasons(first).api).toEqual(['parent base rebuilt']);
    await carryOut(await scan(root), first, engine);
    const label = await docker([
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.strata.fingerprint"}}',
      `${P}/api:latest`,
    ]);
    expect(label.trim()).toBe(first.images.find((i) => i.id === 'api')!.fingerprint);

    const again = await plan();
    expect(actions(again)).toEqual({ base: 'skip', api: 'skip', web: 'skip' });
  });

  test('an ignored file, and a file no COPY reaches, change nothing', async () => {
    await write('api/src/debug.log', 'more noise\n');
    await write('api/README.md', 'edited\n');
    expect(actions(await plan())).toEqual({ base: 'skip', api: 'skip', web: 'skip' });
  });

  test('a used file changes: only that image builds, and the plan names the file', async () => {
    await write('api/src/app.py', 'print("v2")\n');
    const changed = await plan();
    expect(actions(changed)).toEqual({ base: 'skip', api: 'build', web: 'skip' });
    expect(reasons(changed).api).toEqual(['api/src/app.py changed']);
    await carryOut(await scan(root), changed, engine);
    expect(actions(await plan())).toEqual({ base: 'skip', api: 'skip', web: 'skip' });
  });

  test('an arg changes: the image builds with "arg APP_ENV changed", never its value', async () => {
    await write('docker-compose.yml', compose('dev'));
    const changed = await plan();
    expect(actions(changed)).toEqual({ base: 'skip', api: 'build', web: 'skip' });
    expect(reasons(changed).api).toEqual(['arg APP_ENV changed']);
    await carryOut(await scan(root), changed, engine);
  });

  test('a parent change cascades to every child', async () => {
    await write('base/base.txt', 'base v2\n');
    const changed = await plan();
    expect(actions(changed)).toEqual({ base: 'build', api: 'build', web: 'build' });
    expect(reasons(changed)).toEqual({
      base: ['base/base.txt changed'],
      api: ['parent base rebuilt'],
      web: ['parent base rebuilt'],
    });
    await carryOut(await scan(root), changed, engine);
    expect(actions(await plan())).toEqual({ base: 'skip', api: 'skip', web: 'skip' });
  });

  test('the external base moves to another image: the base rebuilds and says which base changed', async () => {
    const dir = await testdir({ Dockerfile: `FROM ${BASE}\nRUN echo patched > /patched\n` });
    await docker(['build', '-q', '-t', BASE, dir]);
    await fs.rm(dir, { recursive: true, force: true });
    const changed = await plan();
    expect(actions(changed)).toEqual({ base: 'build', api: 'build', web: 'build' });
    expect(reasons(changed).base).toEqual([
      expect.stringMatching(new RegExp(`^external base ${BASE} changed \\(`)),
    ]);
  });

  test('selection: a named image with its ancestors; --no-deps only the named', async () => {
    const graph = await scan(root);
    expect((await computePlan(graph, { engine, selection: ['api'] })).waves).toEqual([['base'], ['api']]);
    expect(
      (await computePlan(graph, { engine, selection: [`${P}/web:latest`], noDeps: true })).waves,
    ).toEqual([['web']]);
  });
});
