import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The Docker client the engine tests use: STRATA_TEST_DOCKER, else Debian's /usr/bin/docker (20.10, with
 * BuildKit built in), else `docker` from PATH.
 */
export const DOCKER =
  process.env.STRATA_TEST_DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

export async function docker(args: string[]): Promise<string> {
  const { stdout } = await run(DOCKER, args, {
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** True when a Docker engine answers. */
export async function engineAvailable(): Promise<boolean> {
  try {
    await run(DOCKER, ['version', '--format', '{{.Server.Version}}'], { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Call at the top of an engine test file: `const engine = await requireEngine();` then
 * `describe.skipIf(!engine)`. Under CI=true a missing engine throws, so the run fails instead of skipping.
 */
export async function requireEngine(): Promise<boolean> {
  const ok = await engineAvailable();
  if (!ok && process.env.CI === 'true') {
    throw new Error(
      'CI=true but no Docker engine answers: engine tests must run in CI. Run scripts/engine.sh first.',
    );
  }
  return ok;
}

/**
 * True when a tool the engine tests use beside the engine (skopeo, chromium, xmllint) is installed at
 * `file`. Under CI=true a missing tool throws, so the run fails instead of skipping: `.ci/run` installs them.
 */
export function requireTool(file: string): boolean {
  const ok = existsSync(file);
  if (!ok && process.env.CI === 'true')
    throw new Error(`CI=true but ${file} is missing: scripts/report-tools.sh installs it in CI.`);
  return ok;
}

/**
 * A tiny local base image made from the machine's busybox-static binary with `docker import`, since no
 * registry can be pulled from. Idempotent; returns the tag.
 */
export async function busyboxImage(tag = 'strata-test/busybox:latest'): Promise<string> {
  try {
    await run(DOCKER, ['image', 'inspect', tag]);
    return tag;
  } catch {
    // not there yet
  }
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!busybox) throw new Error('busybox-static is not installed (apt-get install busybox-static)');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-busybox-'));
  await fs.mkdir(path.join(root, 'bin'));
  await fs.mkdir(path.join(root, 'tmp'));
  await fs.copyFile(busybox, path.join(root, 'bin/busybox'));
  await fs.chmod(path.join(root, 'bin/busybox'), 0o755);
  for (const applet of [
    'sh',
    'ls',
    'cat',
    'echo',
    'mkdir',
    'sleep',
    'true',
    'false',
    'wc',
    'touch',
    'rm',
    'id',
  ]) {
    await fs.symlink('busybox', path.join(root, 'bin', applet));
  }
  await run('sh', ['-c', `tar -C '${root}' -c . | '${DOCKER}' import -c 'ENV PATH=/bin' - '${tag}'`]);
  await fs.rm(root, { recursive: true, force: true });
  return tag;
}
