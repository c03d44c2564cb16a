import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
// The package as a program that depends on it imports it (its exports, the built dist/).
import * as strata from 'strata';
import { afterAll, describe, expect, test } from 'vitest';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { testdir } from '../helpers/testdir.js';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/strata.js');
const engineUp = await requireEngine();
const PREFIX = 'strata-test-library';

describe.skipIf(!engineUp)('the package does what the CLI does', () => {
  afterAll(async () => {
    await docker(['image', 'rm', '-f', `${PREFIX}/base:dev`, `${PREFIX}/app:dev`]).catch(() => undefined);
  });

  test('scan, lint, plan and build from code: history and the no-op stamp written; the CLI then answers the no-op', async () => {
    const busybox = await busyboxImage();
    const root = await testdir({
      'docker-compose.yml': `services:\n  base:\n    build: ./base\n    image: ${PREFIX}/base:dev\n  app:\n    build: ./app\n    image: ${PREFIX}/app:dev\n`,
      'base/Dockerfile': `FROM ${busybox}\nRUN echo base-${Date.now()} > /base.txt\n`,
      'app/Dockerfile': `FROM ${PREFIX}/base:dev\nCOPY main.sh /main.sh\n`,
      'app/main.sh': 'echo one\n',
    });
    const tree = strata.snapshotTree(root);
    const { graph } = await strata.scanRepository(root);
    expect(graph.waves).toEqual([['base'], ['app']]);
    const lint = await strata.lintRepository(root);
    expect(lint.files).toEqual(['app/Dockerfile', 'base/Dockerfile']);
    const engine = strata.createEngine();
    const plan = await strata.computePlan(graph, { root, engine });
    expect(plan.images.map((p) => p.action)).toEqual(['build', 'build']);
    const result = await strata.carryOutPlan(graph, plan, {
      engine,
      noopStamp: { tree, args: strata.noopArgs([]) },
    });
    expect(result.images.map((r) => r.status)).toEqual(['built', 'built']);
    // Built and skipped images alike are recorded, so the next plan says "up to date".
    const history = await strata.readHistory(root);
    expect(history.map((h) => h.images.map((i) => i.status))).toEqual([['built', 'built']]);
    expect(Object.keys((await strata.readState(root)).images).sort()).toEqual(['app', 'base']);
    const replanned = await strata.computePlan((await strata.scanRepository(root)).graph, { root, engine });
    expect(replanned.images.map((p) => p.action)).toEqual(['skip', 'skip']);
    // Nothing changed since the library's build: the CLI's fast path takes the stamp the library wrote.
    const { stdout } = await run(process.execPath, [BIN, 'build', '--dir', root]);
    expect(stdout).toMatch(/2 images up to date: nothing changed since the last build/);
  });
});
