/**
 * strata build beside a sequential `docker build` script and Debian's `docker-compose build`, on a family
 * of seven images (bases + services, RUN steps that only take time). Every tool runs on the second,
 * empty engine of scripts/engine-fresh.sh, wiped before each tool, so "cold" is cold and the main
 * engine's cache is never touched. The registry of scripts/registry.sh holds the fingerprint tags.
 *
 *   npx vite-node bench/build/bench.ts
 *
 * Scenarios (no-op and fresh runner: the median of three runs): cold build, no-op build, a one-line code change in one service, and the fresh runner (an
 * empty engine, the registry holding the last outputs). Every tool runs as the command a team types:
 * `bash build.sh`, `docker-compose build`, `node bin/strata.js build` (run `npm run build` first).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const here = import.meta.dirname;
const scripts = path.resolve(here, '../../scripts');
/** The CLI as built by `npm run build`. */
const STRATA = path.resolve(here, '../../bin/strata.js');
const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const BASE = '127.0.0.1:5000/strata-bench/busybox:latest';
const IMAGES = 7;

type Tool = 'script' | 'compose' | 'strata';
interface Timing {
  seconds: number;
  /** Images the tool actually built (strata only; the others always run every build). */
  built?: string[];
}

async function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await exec(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs a command with its output discarded; throws with the tail of stderr when it fails. */
function quiet(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${err}`)),
    );
  });
}

/** The bench's own empty engine, apart from the one the tests use. */
const BENCH_ENGINE = {
  STRATA_FRESH_NAME: 'strata-bench',
  STRATA_FRESH_BRIDGE: 'strabench0',
  STRATA_FRESH_CIDR: '10.231.1.1/24',
};

async function freshEngine(): Promise<string> {
  const out = await sh('bash', [path.join(scripts, 'engine-fresh.sh'), 'reset'], BENCH_ENGINE);
  return /DOCKER_HOST=(\S+)/.exec(out)![1]!;
}

async function copyFamily(name: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `strata-bench-${name}-`));
  await fs.cp(path.join(here, 'family'), dir, { recursive: true });
  return dir;
}

/** A local busybox base made from the machine's busybox-static, pushed to the local registry. */
async function pushBase(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-bench-busybox-'));
  await fs.mkdir(path.join(root, 'bin'));
  await fs.mkdir(path.join(root, 'tmp'));
  await fs.copyFile('/bin/busybox', path.join(root, 'bin/busybox'));
  for (const applet of ['sh', 'mkdir', 'sleep', 'echo', 'cat'])
    await fs.symlink('busybox', path.join(root, 'bin', applet));
  await sh('sh', [
    '-c',
    `tar -C '${root}' -c . | '${DOCKER}' import -c 'ENV PATH=/bin' - '${BASE}' >/dev/null`,
  ]);
  await sh(DOCKER, ['push', BASE]);
  // The registry holds it now; the main engine keeps nothing of the bench.
  await sh(DOCKER, ['image', 'rm', BASE]);
  await fs.rm(root, { recursive: true, force: true });
}

async function timed(run: () => Promise<string[] | undefined>): Promise<Timing> {
  const t0 = process.hrtime.bigint();
  const built = await run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return built ? { seconds, built } : { seconds };
}

/** The run with the median time of `n` (quick scenarios vary with the machine's load). */
async function medianOf(n: number, once: () => Promise<Timing>): Promise<Timing> {
  const runs: Timing[] = [];
  for (let i = 0; i < n; i++) runs.push(await once());
  return runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(n / 2)]!;
}

function runner(
  tool: Tool,
  dir: string,
  host: string,
  registry: string,
): () => Promise<string[] | undefined> {
  const env = { DOCKER_HOST: host, DOCKER_BUILDKIT: '1' };
  if (tool === 'script') {
    return async () => {
      await quiet('bash', ['build.sh'], { ...env, DOCKER }, dir);
      return undefined;
    };
  }
  if (tool === 'compose') {
    // compose hands builds to the docker CLI: Debian's 20.10 client, which has BuildKit built in.
    const composeEnv = { ...env, COMPOSE_DOCKER_CLI_BUILD: '1', PATH: `/usr/bin:${process.env.PATH}` };
    return async () => {
      await quiet('docker-compose', ['build', '-q'], composeEnv, dir);
      return undefined;
    };
  }
  // strata runs as its peers do: a whole process, as a user types it (Node start-up included).
  return async () => {
    const args = [STRATA, 'build', '--dir', dir, '--registry', registry, '--progress', 'plain', '--json'];
    const { stdout } = await exec(process.execPath, args, {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stdout?: string; message: string }) => {
      throw new Error(`strata build failed: ${e.message}\n${e.stdout ?? ''}`);
    });
    const result = JSON.parse(stdout) as { images: { id: string; status: string }[] };
    return result.images.filter((r) => r.status === 'built').map((r) => r.id);
  };
}

async function changeOneLine(dir: string): Promise<void> {
  await fs.appendFile(path.join(dir, 'api/src/app.py'), 'print("one more line")\n');
}

/** The peers the bench compares against, installed from Debian when missing (a fresh machine has no docker-compose). */
async function ensurePeers(): Promise<void> {
  const missing = await sh('bash', ['-c', 'command -v docker-compose >/dev/null || echo missing']);
  if (!missing.includes('missing')) return;
  process.stderr.write('installing docker-compose (Debian) for the comparison... ');
  await sh(
    'bash',
    [
      '-c',
      'apt-get install -y -qq docker-compose >/dev/null || (apt-get update -qq && apt-get install -y -qq docker-compose >/dev/null)',
    ],
    {
      DEBIAN_FRONTEND: 'noninteractive',
    },
  );
  process.stderr.write('done\n');
}

async function main(): Promise<void> {
  await ensurePeers();
  await sh('bash', [path.join(scripts, 'registry.sh')]);
  await pushBase();
  // A namespace of its own, so fingerprint tags of an earlier bench run are not reused as "cold".
  const registry = `127.0.0.1:5000/strata-bench-${Date.now().toString(36)}`;
  const results: Record<Tool, Record<'cold' | 'noop' | 'change', Timing>> = {} as never;

  for (const tool of ['script', 'compose', 'strata'] as Tool[]) {
    const host = await freshEngine();
    const dir = await copyFamily(tool);
    const run = runner(tool, dir, host, registry);
    process.stderr.write(`${tool}: cold... `);
    const cold = await timed(run);
    process.stderr.write(`${cold.seconds.toFixed(1)}s, no-op... `);
    const noop = await medianOf(3, () => timed(run));
    await changeOneLine(dir);
    process.stderr.write(`${noop.seconds.toFixed(1)}s, change... `);
    const change = await timed(run);
    process.stderr.write(`${change.seconds.toFixed(1)}s\n`);
    results[tool] = { cold, noop, change };
    await fs.rm(dir, { recursive: true, force: true });
  }

  // The fresh runner: an empty engine, a clean checkout with the change, the registry holding the outputs.
  process.stderr.write('strata: fresh runner... ');
  const fresh = await medianOf(3, async () => {
    const host = await freshEngine();
    const dir = await copyFamily('fresh');
    await changeOneLine(dir);
    const timing = await timed(runner('strata', dir, host, registry));
    await fs.rm(dir, { recursive: true, force: true });
    return timing;
  });
  process.stderr.write(`${fresh.seconds.toFixed(1)}s\n`);
  await sh('bash', [path.join(scripts, 'engine-fresh.sh'), 'stop'], BENCH_ENGINE);

  const s = (t: Timing) => `${t.seconds.toFixed(2)}s`.padStart(8);
  const r = results;
  const noopRatio = r.strata.noop.seconds / r.script.noop.seconds;
  const freshRatio = r.compose.cold.seconds / fresh.seconds;
  const changeBuilt = r.strata.change.built ?? [];
  const rows = [
    ['scenario', '  script', ' compose', '  strata', 'goal', 'met'],
    [
      'cold build',
      s(r.script.cold),
      s(r.compose.cold),
      s(r.strata.cold),
      `strata < script (${(r.strata.cold.seconds / r.script.cold.seconds).toFixed(2)}x)`,
      r.strata.cold.seconds < r.script.cold.seconds,
    ],
    [
      'no-op build',
      s(r.script.noop),
      s(r.compose.noop),
      s(r.strata.noop),
      `strata <= 1/5 script (${noopRatio.toFixed(3)})`,
      noopRatio <= 0.2,
    ],
    [
      'one-line change',
      s(r.script.change),
      s(r.compose.change),
      s(r.strata.change),
      `only api built (${changeBuilt.join(', ') || 'none'})`,
      changeBuilt.length === 1 && changeBuilt[0] === 'api',
    ],
    [
      'fresh runner',
      '       -',
      s(r.compose.cold),
      s(fresh),
      `compose from scratch / strata >= 20 (${freshRatio.toFixed(1)}x)`,
      freshRatio >= 20,
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row: (string | boolean)[]) =>
    row
      .map((cell, i) => (typeof cell === 'boolean' ? (cell ? 'yes' : 'NO') : cell.padEnd(widths[i]!)))
      .join('  ');
  process.stdout.write(
    `\n${IMAGES} images, ${os.cpus().length} cores; every tool on an empty engine (scripts/engine-fresh.sh)\n`,
  );
  for (const row of rows) process.stdout.write(`${line(row).trimEnd()}\n`);
  process.stdout.write(`strata cold built: ${(r.strata.cold.built ?? []).join(', ')}\n`);
  process.exitCode = rows.slice(1).every((row) => row[5] === true) ? 0 : 1;
}

await main();
