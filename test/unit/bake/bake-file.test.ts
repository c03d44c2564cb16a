import { describe, expect, test } from 'vitest';
import { namedContextKey, toBakeFile } from '../../../src/bake/index.js';
import type { Edge } from '../../../src/model/graph.js';
import { graph, image } from '../plan/graph-data.js';

describe('toBakeFile', () => {
  test('targets in build order, parents fed to children as target: contexts under the name the child uses', () => {
    const g = graph(
      [
        image('api', { args: { APP_ENV: 'prod' }, tags: ['acme/api:1.0'], platforms: ['linux/amd64'] }),
        image('base-ml', {
          context: 'docker/base-ml',
          dockerfile: 'docker/base-ml/Dockerfile',
          tags: ['acme/base-ml:latest'],
        }),
        image('system', {
          context: '.',
          dockerfile: 'docker/system.Dockerfile',
          target: 'runtime',
          tags: [],
        }),
      ],
      [
        ['system', 'base-ml'],
        ['base-ml', 'api'],
      ],
    );
    const via: Record<string, string> = { base: 'acme/system', 'base-ml': 'docker.io/acme/base-ml:latest' };
    g.edges = g.edges.map((e): Edge => ({ ...e, via: e.parent === 'system' ? via.base! : via['base-ml']! }));
    g.edges.push({ parent: 'system', child: 'api', kind: 'copy-from', via: 'acme/system:2.0' });
    g.waves = [['system'], ['base-ml'], ['api']];

    expect(toBakeFile(g)).toEqual({
      group: { default: { targets: ['system', 'base-ml', 'api'] } },
      target: {
        system: { context: '.', dockerfile: 'docker/system.Dockerfile', target: 'runtime' },
        'base-ml': {
          context: 'docker/base-ml',
          dockerfile: 'Dockerfile',
          tags: ['acme/base-ml:latest'],
          contexts: { 'acme/system': 'target:system' },
        },
        api: {
          context: 'api',
          dockerfile: 'Dockerfile',
          args: { APP_ENV: 'prod' },
          tags: ['acme/api:1.0'],
          platforms: ['linux/amd64'],
          contexts: { 'acme/base-ml': 'target:base-ml', 'acme/system:2.0': 'target:system' },
        },
      },
    });
  });

  test('named contexts of compose/bake (service:x, target:x) point at the bake target of that image', () => {
    const g = graph([
      image('web_base', { origins: [{ kind: 'compose', file: 'compose.yaml', name: 'web-base' }] }),
      image('web', {
        contexts: { base: 'service:web-base', assets: './assets', pinned: 'docker-image://alpine:3.19' },
      }),
    ]);
    g.edges = [{ parent: 'web_base', child: 'web', kind: 'context', via: 'base' }];
    g.waves = [['web_base'], ['web']];
    expect(toBakeFile(g).target.web!.contexts).toEqual({
      base: 'target:web_base',
      assets: './assets',
      pinned: 'docker-image://alpine:3.19',
    });
  });

  test('ids become valid target names, unique; images in a cycle are left out', () => {
    const g = graph([image('a.b'), image('a/b'), image('loop')]);
    g.waves = [['a.b', 'a/b']];
    const bake = toBakeFile(g);
    expect(bake.group.default.targets).toEqual(['a_b', 'a_b_2']);
    expect(Object.keys(bake.target)).toEqual(['a_b', 'a_b_2']);
  });

  test.each([
    ['python', 'python'],
    ['python:latest', 'python'],
    ['docker.io/library/python:3.12', 'python:3.12'],
    ['acme/base:latest', 'acme/base'],
    ['127.0.0.1:5000/team/base:1', '127.0.0.1:5000/team/base:1'],
  ])('namedContextKey(%s) = %s (BuildKit looks named contexts up by the familiar name)', (ref, key) => {
    expect(namedContextKey(ref)).toBe(key);
  });
});
