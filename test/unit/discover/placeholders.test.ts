// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote Dockerfile variable syntax
import { describe, expect, test } from 'vitest';
import { toScanJson } from '../../../src/graph/json.js';
import { scan } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('placeholder ARG defaults before FROM', () => {
  test('every definition passes the real value: the placeholder is no finding, the value decides the edge', async () => {
    const root = await testdir({
      'base/Dockerfile': 'FROM debian:12\n',
      'app/Dockerfile': 'ARG BASE_IMG=<parent>\nFROM $BASE_IMG\n',
      'tool/Dockerfile': 'ARG BASE_IMAGE=non-existing\nFROM ${BASE_IMAGE}\n',
      'docker-bake.hcl': dedent(`
        target "base" {
          context = "base"
          tags = ["acme/base:1"]
        }
        target "app" {
          context = "app"
          args = { BASE_IMG = "acme/base:1" }
        }
      `),
      'docker-compose.yml': dedent(`
        services:
          tool:
            build:
              context: tool
              args:
                BASE_IMAGE: acme/base:1
      `),
    });
    const g = toScanJson(await scan(root));
    expect(g.edges.map((e) => [e.parent, e.child, e.origin])).toEqual([
      ['base', 'app', { file: 'docker-bake.hcl', line: 7 }],
      ['base', 'tool', { file: 'docker-compose.yml', line: 6 }],
    ]);
    expect(g.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  test('no definition passes it: a placeholder is a warning, not an error', async () => {
    const root = await testdir({ 'app/Dockerfile': 'ARG BASE_IMG=<parent>\nFROM $BASE_IMG\n' });
    const g = toScanJson(await scan(root));
    expect(g.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['STRATA_DF_INVALID_IMAGE_REF', 'warning'],
    ]);
  });

  test('a default naming a sibling folder is evidence for an inferred link', async () => {
    const root = await testdir({
      'images/cuda-base/Dockerfile': 'FROM debian:12\n',
      'images/trainer/Dockerfile': 'ARG BASE_IMAGE=cuda-base\nFROM ${BASE_IMAGE}\n',
    });
    const g = toScanJson(await scan(root));
    expect(g.edges).toMatchObject([{ parent: 'cuda-base', child: 'trainer', inferred: true }]);
    expect(g.images.find((i) => i.id === 'trainer')?.inferred).toMatchObject([{ reason: 'folder-name' }]);
  });
});
