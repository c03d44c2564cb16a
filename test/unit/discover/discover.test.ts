// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { discover } from '../../../src/discover/index.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('discover', () => {
  test('a small family: compose, bake, script, config and bare Dockerfiles', async () => {
    const root = await testdir({
      'docker/base/Dockerfile': 'FROM debian:bookworm\n',
      'docker/base/.dockerignore': '*.md\n',
      'backend/Dockerfile': 'FROM base\n',
      'backend/Dockerfile.dockerignore': 'tests/\n',
      'backend/requirements.txt': 'fastapi\n',
      'web/Dockerfile': 'FROM node\n',
      'tools/Dockerfile.lint': 'FROM x\n',
      'orphan/Dockerfile': '',
      'docker-compose.yml': dedent(`
        services:
          api:
            build: { context: backend, args: [APP_ENV] }
            image: app/api:\${TAG:-dev}
          web:
            build: web
          db:
            image: postgres:16
      `),
      '.env': 'APP_ENV=staging\nTAG=1.0\n',
      'docker-bake.hcl': dedent(`
        group "default" {
          targets = ["base"]
        }
        target "base" {
          context = "docker/base"
          tags = ["base:latest"]
        }
      `),
      'scripts/build.sh': 'docker build -t lint:dev -f tools/Dockerfile.lint tools\n',
      'strata.yaml':
        'images:\n  extra:\n    dockerfile: tools/Dockerfile.lint\n    context: .\n    tags: [extra]\n',
    });
    const d = await discover(root);
    expect(d.root).toBe(root);
    expect(d.diagnostics).toEqual([]);
    expect(d.dockerfiles).toEqual([
      'backend/Dockerfile',
      'docker/base/Dockerfile',
      'orphan/Dockerfile',
      'tools/Dockerfile.lint',
      'web/Dockerfile',
    ]);
    expect(d.dockerignores).toEqual(['backend/Dockerfile.dockerignore', 'docker/base/.dockerignore']);
    expect(d.composeFiles).toEqual(['docker-compose.yml']);
    expect(d.bakeFiles).toEqual(['docker-bake.hcl']);
    expect(d.scripts).toEqual(['scripts/build.sh']);
    expect(d.configFile).toBe('strata.yaml');
    expect(d.dependencyFiles).toEqual(['.env', 'backend/requirements.txt']);
    expect(
      d.definitions.map((x) => [x.origin.kind, x.origin.name ?? x.origin.file, x.dockerfile, x.tags]),
    ).toEqual([
      ['bake', 'base', 'docker/base/Dockerfile', ['base:latest']],
      ['compose', 'api', 'backend/Dockerfile', ['app/api:1.0']],
      ['compose', 'web', 'web/Dockerfile', []],
      ['dockerfile', 'orphan/Dockerfile', 'orphan/Dockerfile', []],
      ['script', 'scripts/build.sh', 'tools/Dockerfile.lint', ['lint:dev']],
      ['config', 'extra', 'tools/Dockerfile.lint', ['extra']],
    ]);
    expect(d.definitions.find((x) => x.origin.name === 'api')?.args).toEqual({ APP_ENV: 'staging' });
    expect(d.runOnly).toEqual([{ file: 'docker-compose.yml', line: 7, service: 'db', image: 'postgres:16' }]);
    expect(d.bakeGroups).toEqual([{ file: 'docker-bake.hcl', line: 1, name: 'default', targets: ['base'] }]);
  });

  test('opts.env wins over .env; strata.yaml exclude and opts.exclude skip folders', async () => {
    const root = await testdir({
      'compose.yaml': 'services:\n  a:\n    build: a\n    image: a:${TAG}\n',
      '.env': 'TAG=from-dotenv\n',
      'a/Dockerfile': 'FROM x\n',
      'vendor/Dockerfile': 'FROM x\n',
      'third_party/Dockerfile': 'FROM x\n',
      'strata.yaml': 'exclude: [vendor/]\n',
    });
    const d = await discover(root, { env: { TAG: 'from-env' }, exclude: ['third_party'] });
    expect(d.dockerfiles).toEqual(['a/Dockerfile']);
    expect(d.definitions.map((x) => x.tags)).toEqual([['a:from-env']]);
  });

  test('a definition whose Dockerfile does not exist is an error at its line and is dropped', async () => {
    const root = await testdir({
      'docker-compose.yml': 'services:\n  ok:\n    build: ok\n  gone:\n    build:\n      context: gone\n',
      'ok/Dockerfile': 'FROM x\n',
      'strata.yaml': 'images:\n  ghost:\n    dockerfile: nowhere/Dockerfile\n',
    });
    const d = await discover(root);
    expect(d.definitions.map((x) => x.origin.name)).toEqual(['ok']);
    expect(d.diagnostics.map((x) => [x.code, x.severity, x.file, x.line])).toEqual([
      ['STRATA_DOCKERFILE_MISSING', 'error', 'docker-compose.yml', 4],
      ['STRATA_DOCKERFILE_MISSING', 'error', 'strata.yaml', 2],
    ]);
    expect(d.diagnostics[0]?.message).toBe('compose gone builds gone/Dockerfile, which does not exist');
  });

  test('a Dockerfile a definition names outside the walk (gitignored) still counts as existing', async () => {
    const root = await testdir({
      '.gitignore': 'generated/\n',
      'generated/Dockerfile': 'FROM x\n',
      'compose.yml': 'services:\n  g:\n    build: generated\n',
    });
    const d = await discover(root);
    expect(d.dockerfiles).toEqual([]);
    expect(d.definitions.map((x) => x.dockerfile)).toEqual(['generated/Dockerfile']);
    expect(d.diagnostics).toEqual([]);
  });

  test('bad input never stops the rest', async () => {
    const root = await testdir({
      'a/docker-compose.yml': 'services:\n  x:\n    build: [\n',
      'b/docker-bake.hcl': 'target "x" {\n  tags = [\n}\n',
      'c/docker-compose.yml': 'services:\n  c:\n    build: .\n',
      'c/Dockerfile': 'FROM x\n',
      'big/Dockerfile': Buffer.alloc(5 * 1024 * 1024, 0x41),
      'empty/Dockerfile': '',
      'bin/build.sh': Buffer.from([0x64, 0x00, 0x01]),
      'loop/self': { symlink: '..' },
      'strata.yaml': 'images: [\n',
    });
    const d = await discover(root);
    expect(d.dockerfiles).toEqual(['big/Dockerfile', 'c/Dockerfile', 'empty/Dockerfile']);
    expect(d.definitions.map((x) => x.dockerfile)).toEqual([
      'big/Dockerfile',
      'c/Dockerfile',
      'empty/Dockerfile',
    ]);
    expect(d.diagnostics.map((x) => [x.code, x.file])).toEqual([
      ['STRATA_COMPOSE_YAML', 'a/docker-compose.yml'],
      ['STRATA_BAKE_SYNTAX', 'b/docker-bake.hcl'],
      ['STRATA_READ_BINARY', 'bin/build.sh'],
      ['STRATA_DISCOVER_SYMLINK_LOOP', 'loop/self'],
      ['STRATA_CONFIG_YAML', 'strata.yaml'],
    ]);
    for (const x of d.diagnostics) {
      expect(x.message).not.toContain('\n');
      expect(x.hint).toBeTruthy();
    }
  });

  test('a root that is not a directory throws STRATA_ROOT_NOT_DIRECTORY', async () => {
    await expect(discover('/nonexistent/strata-root')).rejects.toMatchObject({
      code: 'STRATA_ROOT_NOT_DIRECTORY',
    });
  });

  test('an empty repository is an empty discovery', async () => {
    const d = await discover(await testdir({ 'README.md': '# hi\n' }));
    expect(d).toMatchObject({ dockerfiles: [], definitions: [], scriptMentions: [], diagnostics: [] });
  });

  test('script mentions are kept, and the Dockerfiles they may name still become definitions', async () => {
    const root = await testdir({
      'svc/Dockerfile': 'FROM x\n',
      'build.sh': 'docker build -t "svc:$VERSION" svc\n',
    });
    const d = await discover(root);
    expect(d.scriptMentions).toEqual([
      {
        file: 'build.sh',
        line: 1,
        text: 'docker build -t "svc:$VERSION" svc',
        tag: 'svc:$VERSION',
        context: 'svc',
      },
    ]);
    expect(d.definitions.map((x) => x.origin.kind)).toEqual(['dockerfile']);
  });
});
