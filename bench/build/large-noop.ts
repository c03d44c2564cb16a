/**
 * The no-op build of a large repository, side by side with `docker build` of the same image: 20,000
 * files in the build context, 5,000 more in a node_modules every .dockerignore leaves out. Both run as
 * processes on the main engine, after one build; medians of 5. Also the no-op after a package install
 * in node_modules, which must stay on strata's fast path.
 *
 *   npm run build && npx vite-node bench/build/large-noop.ts
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { busyboxImage, DOCKER } from '../../test/helpers/engine.js';

const exec = promisify(execFile);
const STRATA = path.resolve(import.meta.dirname, '../../bin/strata.js');
const TAG = 'strata-bench-large/app:1';
/** docker build's own tag: building the same image under strata's tag would move it (without strata's label). */
const DOCKER_TAG = 'strata-bench-large/docker:1';
const FILES = 20_000;
const IGNORED = 5_000;

async function makeRepo(base: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-bench-large-'));
  await fs.writeFile(path.join(root, 'Dockerfile'), `FROM ${base}\nCOPY src /app/src\n`);
  await fs.writeFile(path.join(root, '.dockerignore'), 'node_modules\n');
  await fs.writeFile(path.join(root, '.gitignore'), 'node_modules/\n');
  await fs.writeFile(
    path.join(root, 'docker-compose.yml'),
    `services:\n  app:\n    build: .\n    image: ${TAG}\n`,
  );
  for (let d = 0; d < FILES / 100; d++) {
    const dir = path.join(root, 'src', `m${d}`);
    await fs.mkdir(dir, { recursive: true });
    await Promise.all(
      Array.from({ length: 100 }, (_, f) => fs.writeFile(path.join(dir, `f${f}.py`), `x = ${d * 100 + f}\n`)),
    );
  }
  for (let d = 0; d < IGNORED / 100; d++) {
    const dir = path.join(root, 'node_modules', `p${d}`);
    await fs.mkdir(dir, { recursive: true });
    await Promise.all(Array.from({ length: 100 }, (_, f) => fs.writeFile(path.join(dir, `i${f}.js`), '')));
  }
  return root;
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

async function median(n: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await seconds(run));
  return times.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

async function main(): Promise<void> {
  const root = await makeRepo(await busyboxImage());
  const env = { ...process.env, DOCKER_BUILDKIT: '1' };
  try {
    await exec(process.execPath, [STRATA, 'build', '--dir', root, '--progress', 'plain'], { env });
    const docker = () => exec(DOCKER, ['build', '-q', '-t', DOCKER_TAG, root], { env, maxBuffer: 1 << 24 });
    const strata = async () => {
      const { stdout } = await exec(process.execPath, [STRATA, 'build', '--dir', root], { env });
      if (!/nothing changed since the last build/.test(stdout))
        throw new Error(`not a fast no-op: ${stdout}`);
    };
    await docker();
    const dockerNoop = await median(5, docker);
    const strataNoop = await median(5, strata);
    await fs.writeFile(path.join(root, 'node_modules/p0/new-package.js'), '');
    const afterInstall = await median(5, strata);
    const rows = [
      ['docker build (no-op)', dockerNoop, ''],
      ['strata build (no-op)', strataNoop, `${(strataNoop / dockerNoop).toFixed(3)} of docker build`],
      [
        'strata, node_modules changed',
        afterInstall,
        `${(afterInstall / dockerNoop).toFixed(3)} of docker build`,
      ],
    ] as const;
    process.stdout.write(
      `${FILES} files in the context, ${IGNORED} ignored; ${os.cpus().length} cores; medians of 5\n`,
    );
    for (const [name, s, ratio] of rows)
      process.stdout.write(`${name.padEnd(30)} ${s.toFixed(3).padStart(7)}s  ${ratio}\n`);
  } finally {
    await exec(DOCKER, ['image', 'rm', '-f', TAG, DOCKER_TAG]).catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true });
  }
}

await main();
