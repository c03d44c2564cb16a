import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { createIO, main } from '../../src/cli/main.js';
import { readHistory } from '../../src/state/history.js';
import { strataDir } from '../../src/state/paths.js';
import { busyboxImage, docker, requireEngine } from '../helpers/engine.js';
import { testdir } from '../helpers/testdir.js';

const engineUp = await requireEngine();
const PREFIX = 'strata-test-trust';
const BIN = path.resolve(import.meta.dirname, '../../bin/strata.js');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function strata(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(['node', 'strata', ...args], createIO(out, err));
  return { code, stdout: out.text, stderr: err.text };
}

const actions = (stdout: string) =>
  Object.fromEntries(
    (JSON.parse(stdout) as { images: { id: string; action: string }[] }).images.map((i) => [i.id, i.action]),
  );

async function removeImages(): Promise<void> {
  const refs = (await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
  for (const ref of refs.filter((r) => r.startsWith(PREFIX))) {
    await docker(['image', 'rm', '-f', ref]).catch(() => undefined);
  }
}

describe.skipIf(!engineUp)('builds a team can trust', () => {
  afterAll(() => removeImages());

  test('a family whose context is the root converges after one build, and no strata file reaches the image', async () => {
    const base = await busyboxImage();
    const root = await testdir({
      'docker-compose.yml': `services:\n  app:\n    build: .\n    image: ${PREFIX}/root-app:dev\n`,
      Dockerfile: `FROM ${base}\nCOPY . /app\n`,
      '.dockerignore': '.git\n',
      'main.sh': 'echo one\n',
    });
    const first = await strata('build', '--dir', root, '--progress', 'plain');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^app +built /m);
    expect(actions((await strata('plan', '--dir', root, '--json')).stdout)).toEqual({ app: 'skip' });
    const again = await strata('build', '--dir', root, '--progress', 'plain');
    expect(again.stdout).toMatch(/^app +skipped /m);
    await expect(fs.access(path.join(root, '.strata'))).rejects.toThrow();
    const listed = await docker(['run', '--rm', `${PREFIX}/root-app:dev`, 'ls', '-a', '/app']);
    expect(listed.split('\n').filter(Boolean).sort()).toEqual([
      '.',
      '..',
      '.dockerignore',
      'Dockerfile',
      'docker-compose.yml',
      'main.sh',
    ]);
  });

  test('build-arg values are never printed or stored; what strata writes is for the user only; a copied .env is a warning', async () => {
    const base = await busyboxImage();
    const compose = (value: string) =>
      `services:\n  app:\n    build:\n      context: .\n      args:\n        PASSWORD: ${value}\n    image: ${PREFIX}/secret-app:dev\n`;
    const root = await testdir({
      'docker-compose.yml': compose('hunter2-first'),
      Dockerfile: `FROM ${base}\nARG PASSWORD\nCOPY . /app\nRUN --mount=type=secret,id=tok test -s /run/secrets/tok\n`,
      '.env': 'API_KEY=1\n',
      'token.txt': 's3cr3t-file\n',
      '.dockerignore': 'token.txt\n',
    });
    const tokenFile = path.join(root, 'token.txt');
    const first = await strata(
      'build',
      '--dir',
      root,
      '--progress',
      'plain',
      '--secret',
      `id=tok,src=${tokenFile}`,
    );
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /Dockerfile:3:1 warning context-secret-copied \.env is not in \.dockerignore/,
    );
    expect(first.stderr).toMatch(/--secret id=NAME,src=FILE/);
    await fs.writeFile(path.join(root, 'docker-compose.yml'), compose('hunter2-second'));
    const plan = await strata('plan', '--dir', root);
    expect(plan.stdout).toMatch(/arg PASSWORD changed/);
    const again = await strata(
      'build',
      '--dir',
      root,
      '--progress',
      'plain',
      '--secret',
      `id=tok,src=${tokenFile}`,
    );
    expect(again.code).toBe(0);
    const shown = [first, plan, again].map((r) => r.stdout + r.stderr).join('\n');
    expect(shown).not.toMatch(/hunter2|s3cr3t/);
    const dir = strataDir(root);
    expect((await fs.stat(dir)).mode & 0o777).toBe(0o700);
    const files = ['state.json', 'history.jsonl', 'noop-stamp.json', 'file-hashes.json', 'logs/app.log'];
    for (const file of files) {
      const stat = await fs.stat(path.join(dir, file)).catch(() => undefined);
      if (!stat) continue;
      expect(stat.mode & 0o777, file).toBe(0o600);
      expect(await fs.readFile(path.join(dir, file), 'utf8'), file).not.toMatch(/hunter2|s3cr3t/);
    }
    expect(await fs.readFile(path.join(dir, 'logs/app.log'), 'utf8')).toMatch(
      /--build-arg 'PASSWORD=\*\*\*'/,
    );
  });

  test('a child that is only a FROM on an ONBUILD base rebuilds when what the triggers copy changes', async () => {
    const base = await busyboxImage();
    const root = await testdir({
      'docker-compose.yml': `services:\n  onbuild:\n    build: ./onbuild\n    image: ${PREFIX}/onbuild:dev\n  app:\n    build: ./app\n    image: ${PREFIX}/onbuild-app:dev\n`,
      'onbuild/Dockerfile': `FROM ${base}\nONBUILD COPY main.sh /main.sh\n`,
      'app/Dockerfile': `FROM ${PREFIX}/onbuild:dev\n`,
      'app/main.sh': 'echo one\n',
    });
    expect((await strata('build', '--dir', root, '--progress', 'plain')).code).toBe(0);
    await fs.writeFile(path.join(root, 'app/main.sh'), 'echo two\n');
    const plan = await strata('plan', '--dir', root);
    expect(plan.stdout).toMatch(/build +app/);
    expect(plan.stdout).toMatch(/app\/main\.sh changed/);
    expect((await strata('build', '--dir', root, '--progress', 'plain')).code).toBe(0);
    const shown = await docker(['run', '--rm', `${PREFIX}/onbuild-app:dev`, 'cat', '/main.sh']);
    expect(shown).toBe('echo two\n');
  });

  test('a compose file that does not parse fails the images it defines: exit 1, file:line, nothing built', async () => {
    const base = await busyboxImage();
    const root = await testdir({
      'docker-compose.yml': `services:\n  app:\n    build: ./app\n    image: ${PREFIX}/broken-app:dev\n   bad: [\n`,
      'app/Dockerfile': `FROM ${base}\nRUN echo broken-${Date.now()}\n`,
    });
    const r = await strata('build', '--dir', root, '--progress', 'plain');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/docker-compose\.yml:5:1 error STRATA_COMPOSE_YAML/);
    expect(r.stdout).toMatch(/^app +failed /m);
    expect(r.stdout).toMatch(/docker-compose\.yml:5: docker-compose\.yml is not valid YAML/);
    expect(r.stdout).not.toMatch(/build started/);
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)(
    '%s stops a build as Ctrl-C does: cancelled, history written, no tag moved',
    async (signal, code) => {
      const base = await busyboxImage();
      const tag = `${PREFIX}/slow-${signal.toLowerCase()}:dev`;
      const root = await testdir({
        'slow/Dockerfile': `FROM ${base}\nRUN echo started-${Date.now()} && sleep 300\n`,
        'docker-compose.yml': `services:\n  slow:\n    build: ./slow\n    image: ${tag}\n`,
      });
      const child = spawn(process.execPath, [BIN, 'build', '--dir', root, '--progress', 'plain']);
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      for (let i = 0; i < 600 && !/RUN echo started-/.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1000));
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(out).toMatch(/^slow +cancelled /m);
      const history = await readHistory(root);
      expect(history.at(-1)?.images.map((i) => i.status)).toEqual(['cancelled']);
      expect((await docker(['image', 'ls', '-q', tag])).trim()).toBe('');
    },
  );
});
