// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose and Dockerfile variable syntax
import { describe, expect, test } from 'vitest';
import { toScanJson } from '../../../src/graph/json.js';
import { scan } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('compose: image names assembled from variables', () => {
  test('a registry set only in CI leaves the same text on both sides: still a link, noted, not an error', async () => {
    const root = await testdir({
      'docker-compose.yml': dedent(`
        services:
          base:
            build:
              context: base
              args:
                PY: \${PY:-3.11}
            image: \${REGISTRY}/\${REPO}:b-\${RUN:-0}-py\${PY:-3.11}-base
          app:
            build:
              context: app
              args:
                REGISTRY: \${REGISTRY}
                REPO: \${REPO}
                RUN: \${RUN:-0}
            image: \${REGISTRY}/\${REPO}:b-\${RUN:-0}-app
            depends_on:
              - base
      `),
      'base/Dockerfile': 'ARG PY\nFROM python:${PY}-slim\n',
      'app/Dockerfile': dedent(`
        ARG REGISTRY
        ARG REPO
        ARG RUN
        ARG PYTHON_BASE=\${REGISTRY}/\${REPO}:b-\${RUN}-py3.11-base
        FROM \${PYTHON_BASE}
      `),
    });
    const g = toScanJson(await scan(root));
    expect(g.edges).toMatchObject([
      { parent: 'base', child: 'app', kind: 'from', tagOrigin: { file: 'docker-compose.yml', line: 7 } },
    ]);
    expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(g.diagnostics.map((d) => [d.code, d.severity])).toContainEqual([
      'STRATA_DF_INVALID_IMAGE_REF',
      'info',
    ]);
    expect(g.images.find((i) => i.id === 'base')?.tags).toEqual(['${REGISTRY}/${REPO}:b-0-py3.11-base']);
    const app = g.images.find((i) => i.id === 'app');
    expect(app?.argOrigins.REGISTRY).toEqual({ file: 'docker-compose.yml', line: 12 });
    expect(app?.tagOrigins[app.tags[0] ?? '']).toEqual({ file: 'docker-compose.yml', line: 15 });
  });
});

describe('compose: depends_on next to the build links', () => {
  test('a FROM link without depends_on, and a depends_on without a link, are findings', async () => {
    const root = await testdir({
      'docker-compose.yml': dedent(`
        services:
          base:
            build: base
            image: acme/base
          worker:
            build: worker
            image: acme/worker
          api:
            build: api
            depends_on: [worker]
      `),
      'base/Dockerfile': 'FROM debian:12\n',
      'worker/Dockerfile': 'FROM debian:12\n',
      'api/Dockerfile': 'FROM acme/base\n',
    });
    const g = toScanJson(await scan(root));
    expect(g.edges.map((e) => [e.parent, e.child])).toEqual([['base', 'api']]);
    const order = g.diagnostics.filter((d) => d.code === 'STRATA_COMPOSE_BUILD_ORDER').map((d) => d.message);
    expect(order).toEqual([
      'service api builds on the image of service base, but does not depends_on it',
      'service api depends_on worker, but its build does not use the image of worker',
    ]);
  });
});
