// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote bake variable syntax
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testdir, writeTree } from '../../helpers/testdir.js';

describe('strata scan (CLI)', () => {
  it('prints layers and waves, exit 0', async () => {
    const root = await testdir({
      'base/Dockerfile': 'FROM debian:12\n',
      'app/Dockerfile': 'FROM base\n',
    });
    const r = await runCli(['scan', root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('system bases');
    expect(r.stdout).toContain('services');
    expect(r.stdout).toMatch(/1 {2}base\n\s+2 {2}app/);
  });

  it('prints JSON with --json', async () => {
    const root = await testdir({ Dockerfile: 'FROM debian:12\n' });
    const r = await runCli(['scan', root, '--json']);
    const json = JSON.parse(r.stdout);
    expect(json.images).toHaveLength(1);
    expect(json.waves).toHaveLength(1);
  });

  it('exits 1 on a cycle', async () => {
    const root = await testdir({
      'a/Dockerfile': 'FROM b\n',
      'b/Dockerfile': 'FROM a\n',
    });
    const r = await runCli(['scan', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a -> b -> a');
  });

  it('exits 2 with one line and no stack for a missing directory', async () => {
    const r = await runCli(['scan', '/nonexistent/strata']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/STRATA_ROOT_NOT_DIRECTORY/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on bad usage', async () => {
    const r = await runCli(['graph', '.', '--format', 'png']);
    expect(r.code).toBe(2);
  });

  it('prints mermaid and dot', async () => {
    const root = await testdir({ 'base/Dockerfile': 'FROM debian:12\n', 'app/Dockerfile': 'FROM base\n' });
    const m = await runCli(['graph', root]);
    expect(m.stdout).toMatch(/^flowchart TD/);
    expect(m.stdout).toContain('base -. inferred .-> app');
    const d = await runCli(['graph', root, '--format', 'dot']);
    expect(d.stdout).toContain('"base" -> "app" [style=dashed];');
  });
});

describe('strata scan: the values of bake variables', () => {
  const tree = {
    'docker-bake.hcl':
      'variable "TAG" {\n  default = "1.0"\n}\ntarget "app" {\n  tags = ["acme/app:${TAG}"]\n}\n',
    Dockerfile: 'FROM debian:12\n',
  };

  it('the environment overrides the default; --ignore-env keeps the default; --set and --env-file pin', async () => {
    const root = await testdir(tree);
    const tags = async (args: string[]) =>
      JSON.parse((await runCli(['scan', root, '--json', ...args])).stdout);
    process.env.TAG = 'from-env';
    try {
      const fromEnv = await tags([]);
      expect(fromEnv.images[0].tags).toEqual(['acme/app:from-env']);
      expect(fromEnv.variables).toEqual([
        { name: 'TAG', source: 'env', default: '1.0', file: 'docker-bake.hcl', line: 1 },
      ]);
      expect((await tags(['--ignore-env'])).images[0].tags).toEqual(['acme/app:1.0']);
      expect((await tags(['--set', 'TAG=2.0'])).images[0].tags).toEqual(['acme/app:2.0']);
      await writeTree(root, { 'pins.env': 'TAG=3.0\n' });
      expect((await tags(['--env-file', `${root}/pins.env`])).images[0].tags).toEqual(['acme/app:3.0']);
    } finally {
      delete process.env.TAG;
    }
    const text = await runCli(['scan', root]);
    expect(text.stdout).toContain('TAG=1.0  default, docker-bake.hcl:1');
  });

  it('a bad --set and a missing --env-file are usage errors', async () => {
    const root = await testdir(tree);
    expect((await runCli(['scan', root, '--set', 'TAG'])).code).toBe(2);
    const missing = await runCli(['scan', root, '--env-file', `${root}/nope.env`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('STRATA_ENV_FILE_UNREADABLE');
  });
});
