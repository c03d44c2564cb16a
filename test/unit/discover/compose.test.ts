// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { parseCompose } from '../../../src/discover/compose.js';
import { dedent } from '../../helpers/testdir.js';

const parse = (text: string, file = 'docker-compose.yml', env: Record<string, string> = {}) =>
  parseCompose(dedent(text), file, '/repo', env);

describe('parseCompose', () => {
  test('short form: build is the context', () => {
    const r = parse(
      `
      services:
        api:
          build: ./api
          image: demeter/api:latest
    `,
      'deploy/docker-compose.yml',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.definitions).toMatchObject([
      {
        origin: { kind: 'compose', file: 'deploy/docker-compose.yml', line: 2, name: 'api' },
        context: 'deploy/api',
        dockerfile: 'deploy/api/Dockerfile',
        args: {},
        tags: ['demeter/api:latest'],
        contexts: {},
        platforms: [],
        service: { name: 'api', hasHealthcheck: false },
      },
    ]);
  });

  test('long form: context, dockerfile, args (map and list), target, platforms, tags', () => {
    const r = parse(
      `
      services:
        worker:
          build:
            context: ../backend
            dockerfile: docker/Dockerfile.gpu
            args:
              PYTHON_VERSION: "3.11"
              ENABLE_GPU: 1
              FROM_ENV:
            target: runtime
            platforms: [linux/amd64, linux/arm64]
            tags: [registry/worker:gpu]
          image: worker:gpu
        web:
          build:
            context: web
            args:
              - NODE_ENV=production
              - FROM_ENV
              - NOT_SET
    `,
      'deploy/compose.yaml',
      { FROM_ENV: 'yes' },
    );
    const [worker, web] = r.definitions;
    expect(worker).toMatchObject({
      context: 'backend',
      dockerfile: 'backend/docker/Dockerfile.gpu',
      args: { PYTHON_VERSION: '3.11', ENABLE_GPU: '1', FROM_ENV: 'yes' },
      target: 'runtime',
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['worker:gpu', 'registry/worker:gpu'],
    });
    expect(web).toMatchObject({ context: 'deploy/web', args: { NODE_ENV: 'production', FROM_ENV: 'yes' } });
    expect(web?.args).not.toHaveProperty('NOT_SET');
  });

  test('an absolute context inside the root becomes relative', () => {
    const r = parse('services:\n  a:\n    build: /repo/svc/a\n  b:\n    build: /elsewhere/b\n');
    expect(r.definitions.map((d) => [d.context, d.dockerfile])).toEqual([
      ['svc/a', 'svc/a/Dockerfile'],
      ['/elsewhere/b', '/elsewhere/b/Dockerfile'],
    ]);
  });

  test('dockerfile_inline, remote contexts, additional_contexts in map and list form', () => {
    const r = parse(`
      services:
        inline:
          build:
            context: .
            dockerfile_inline: |
              FROM base-python:latest
              RUN echo hi
        remote:
          build: https://github.com/acme/app.git#main
        app:
          build:
            context: app
            additional_contexts:
              base: service:inline
              img: docker-image://alpine:3.20
              assets: ./assets
        app2:
          build:
            context: app
            additional_contexts:
              - base=service:remote
              - data=../data
    `);
    const byName = Object.fromEntries(r.definitions.map((d) => [d.origin.name, d]));
    expect(byName.inline?.dockerfileInline).toBe('FROM base-python:latest\nRUN echo hi\n');
    expect(byName.inline?.dockerfile).toBeUndefined();
    expect(byName.remote).toMatchObject({
      context: 'https://github.com/acme/app.git#main',
      remoteContext: true,
      dockerfile: 'Dockerfile',
    });
    expect(byName.app?.contexts).toEqual({
      base: 'service:inline',
      img: 'docker-image://alpine:3.20',
      assets: 'assets',
    });
    expect(byName.app2?.contexts).toEqual({ base: 'service:remote', data: '../data' });
  });

  test('GPU reservation under deploy.resources.reservations.devices, and gpus:', () => {
    const r = parse(`
      services:
        pose:
          build: pose
          deploy:
            resources:
              reservations:
                devices:
                  - driver: nvidia
                    count: 1
                    capabilities: [gpu]
        trainer:
          build: trainer
          deploy:
            resources:
              reservations:
                devices:
                  - capabilities: [gpu, utility]
                    device_ids: ["0", "3"]
        all:
          build: all
          deploy:
            resources:
              reservations:
                devices:
                  - driver: nvidia
                    count: all
                    capabilities: [gpu]
        short:
          build: short
          gpus: all
        legacy:
          build: legacy
          runtime: nvidia
        cpu:
          build: cpu
          deploy:
            resources:
              reservations:
                cpus: "2"
                devices:
                  - capabilities: [tpu]
    `);
    const gpu = Object.fromEntries(r.definitions.map((d) => [d.origin.name, d.gpu]));
    expect(gpu.pose).toEqual({ driver: 'nvidia', count: 1, capabilities: ['gpu'] });
    expect(gpu.trainer).toEqual({ deviceIds: ['0', '3'], capabilities: ['gpu', 'utility'] });
    expect(gpu.all).toEqual({ driver: 'nvidia', count: 'all', capabilities: ['gpu'] });
    expect(gpu.short).toEqual({ count: 'all', capabilities: ['gpu'] });
    expect(gpu.legacy).toEqual({ driver: 'nvidia', capabilities: ['gpu'] });
    expect(gpu.cpu).toBeUndefined();
  });

  test('service runtime: healthcheck present and not disabled, user, command', () => {
    const r = parse(`
      services:
        a:
          build: a
          user: "1000:1000"
          command: ["celery", "worker"]
          healthcheck:
            test: ["CMD", "curl", "-f", "http://localhost/health"]
        b:
          build: b
          command: python main.py
          healthcheck:
            disable: true
        c:
          build: c
          healthcheck:
            test: ["NONE"]
    `);
    const rt = Object.fromEntries(r.definitions.map((d) => [d.origin.name, d.service]));
    expect(rt.a).toEqual({
      name: 'a',
      hasHealthcheck: true,
      user: '1000:1000',
      command: ['celery', 'worker'],
    });
    expect(rt.b).toEqual({ name: 'b', hasHealthcheck: false, command: 'python main.py' });
    expect(rt.c).toEqual({ name: 'c', hasHealthcheck: false });
  });

  test('image-only services are run-only uses, not definitions', () => {
    const r = parse(`
      services:
        redis:
          image: redis:7
        worker:
          image: base-ml:cuda
          command: run
        api:
          build: .
    `);
    expect(r.definitions.map((d) => d.origin.name)).toEqual(['api']);
    expect(r.runOnly).toEqual([
      { file: 'docker-compose.yml', line: 2, service: 'redis', image: 'redis:7' },
      { file: 'docker-compose.yml', line: 4, service: 'worker', image: 'base-ml:cuda' },
    ]);
  });

  test('interpolation: ${VAR}, defaults, $$ and required variables', () => {
    const r = parse(
      `
      services:
        api:
          build:
            context: \${CTX:-./api}
            args:
              VERSION: \${VERSION}
              EMPTY_DEFAULT: \${EMPTY:-fallback}
              DASH_DEFAULT: \${EMPTY-kept}
              LITERAL: $$HOME
              MISSING: \${NOPE}
          image: \${REGISTRY:?set REGISTRY first}/api:\${TAG:-latest}
    `,
      'docker-compose.yml',
      { VERSION: '1.2', EMPTY: '' },
    );
    expect(r.definitions[0]).toMatchObject({
      context: 'api',
      args: {
        VERSION: '1.2',
        EMPTY_DEFAULT: 'fallback',
        DASH_DEFAULT: '',
        LITERAL: '$HOME',
        MISSING: '${NOPE}',
      },
      tags: ['/api:latest'],
    });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['STRATA_COMPOSE_UNSET_VARIABLE', 'info', 10],
      ['STRATA_COMPOSE_REQUIRED_VARIABLE', 'error', 11],
    ]);
    expect(r.diagnostics[1]?.message).toContain('set REGISTRY first');
  });

  test('anchors and merge keys', () => {
    const r = parse(`
      x-build: &build
        context: shared
        args:
          A: "1"
      services:
        one:
          build:
            <<: *build
            dockerfile: one.Dockerfile
        two:
          build: *build
    `);
    expect(r.definitions.map((d) => [d.dockerfile, d.args])).toEqual([
      ['shared/one.Dockerfile', { A: '1' }],
      ['shared/Dockerfile', { A: '1' }],
    ]);
  });

  test('extends: a service of the same file is merged under this one; cycles and other files are reported', () => {
    const r = parse(`
      services:
        base:
          build:
            context: svc
            args:
              A: "1"
          profiles: [never]
        gpu:
          extends: base
          build:
            dockerfile: Dockerfile.gpu
            args:
              B: "2"
          image: svc:gpu
        short:
          extends:
            service: gpu
          build: other
        loop1:
          extends: loop2
        loop2:
          extends: loop1
        remote:
          extends:
            file: common.yml
            service: x
    `);
    const by = Object.fromEntries(r.definitions.map((d) => [d.origin.name, d]));
    expect(by.gpu).toMatchObject({
      dockerfile: 'svc/Dockerfile.gpu',
      args: { A: '1', B: '2' },
      tags: ['svc:gpu'],
    });
    expect(by.short).toMatchObject({
      context: 'other',
      dockerfile: 'other/Dockerfile.gpu',
      tags: ['svc:gpu'],
    });
    expect(r.diagnostics.map((d) => [d.code, d.line]).sort()).toEqual([
      ['STRATA_COMPOSE_EXTENDS', 20],
      ['STRATA_COMPOSE_EXTENDS', 22],
      ['STRATA_COMPOSE_EXTENDS_FILE', 24],
    ]);
  });

  test('invalid YAML is one diagnostic with its line, not a throw', () => {
    const r = parse(`
      services:
        api:
          build: [unclosed
        web:
          build: web
    `);
    expect(r.definitions).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'STRATA_COMPOSE_YAML',
      severity: 'error',
      file: 'docker-compose.yml',
    });
    expect(r.diagnostics[0]?.line).toBeGreaterThanOrEqual(3);
  });

  test('wrong shapes are diagnostics; empty files and services are fine', () => {
    expect(parse('').diagnostics).toEqual([]);
    expect(parse('services:\n').definitions).toEqual([]);
    const r = parse(`
      services:
        a: just a string
        b:
          build: 42
        c:
          build: ./c
    `);
    expect(r.definitions.map((d) => d.origin.name)).toEqual(['c']);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['STRATA_COMPOSE_SHAPE', 2],
      ['STRATA_COMPOSE_SHAPE', 3],
    ]);
    expect(parse('- a\n- b\n').diagnostics[0]?.code).toBe('STRATA_COMPOSE_SHAPE');
  });
});
