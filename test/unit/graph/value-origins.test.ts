import { describe, expect, test } from 'vitest';
import { toScanJson } from '../../../src/graph/json.js';
import { scan } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('value origins in the scan JSON', () => {
  test('a FROM through a workflow build arg: origin is the arg line, tagOrigin the line that tags the parent', async () => {
    const root = await testdir({
      '.github/workflows/images.yml': dedent(`
        name: images
        on: push
        jobs:
          base:
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                with:
                  context: base
                  tags: acme/base:1
          app:
            needs: base
            runs-on: ubuntu-latest
            steps:
              - uses: docker/build-push-action@v6
                with:
                  context: app
                  build-args: |
                    BASE=acme/base:1
                  tags: acme/app:1
      `),
      'base/Dockerfile': 'FROM debian:12\n',
      'app/Dockerfile': 'ARG BASE=placeholder\nFROM $BASE\n',
    });
    const g = toScanJson(await scan(root));
    const file = '.github/workflows/images.yml';
    expect(g.edges).toMatchObject([
      {
        parent: 'base-1',
        child: 'app-1',
        kind: 'from',
        origin: { file, line: 18 },
        tagOrigin: { file, line: 10 },
      },
    ]);
    const app = g.images.find((i) => i.id === 'app-1');
    expect(app?.origins).toMatchObject({ context: { file, line: 17 } });
    expect(app?.tagOrigins).toEqual({ 'acme/app:1': { file, line: 20 } });
    expect(app?.argOrigins).toEqual({ BASE: { file, line: 18 } });
  });

  test('a tag with no finer origin is stated at its definition; a literal FROM gives only a tagOrigin', async () => {
    const root = await testdir({
      'build.sh': 'docker build -t acme/base:1 base\ndocker build -t acme/app:1 app\n',
      'base/Dockerfile': 'FROM debian:12\n',
      'app/Dockerfile': 'FROM acme/base:1\n',
    });
    const g = toScanJson(await scan(root));
    expect(g.edges).toEqual([
      expect.objectContaining({ parent: 'base-1', child: 'app-1', tagOrigin: { file: 'build.sh', line: 1 } }),
    ]);
    expect(g.edges[0]).not.toHaveProperty('origin');
    expect(g.images.find((i) => i.id === 'app-1')?.tagOrigins).toEqual({
      'acme/app:1': { file: 'build.sh', line: 2 },
    });
  });
});
