// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote workflow expressions
import { describe, expect, it } from 'vitest';
import { toScanJson } from '../../../src/graph/index.js';
import { scan } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

const brief = (graph: Awaited<ReturnType<typeof scan>>) =>
  toScanJson(graph)
    .images.map((i) => ({ id: i.id, dockerfile: i.dockerfile, variantOf: i.variantOf }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('one Dockerfile, several images', () => {
  it('CPU and CUDA variants from two compose files: the primary keeps the plain name, the other says why', async () => {
    const root = await testdir({
      'docker-compose.yml': dedent(`
        services:
          app:
            build: { context: app, args: { DEVICE: cpu } }
      `),
      'docker-compose.gpu.yml': dedent(`
        services:
          app:
            build: { context: app, args: { DEVICE: cuda } }
      `),
      'app/Dockerfile': 'FROM debian\nARG DEVICE\n',
    });
    expect(brief(await scan(root))).toEqual([
      { id: 'app', dockerfile: 'app/Dockerfile', variantOf: undefined },
      {
        id: 'app-cpu',
        dockerfile: 'app/Dockerfile',
        variantOf: {
          primary: 'app',
          reason: 'the same Dockerfile with build args DEVICE=cpu, built by docker-compose.yml',
        },
      },
    ]);
  });

  it('a matrix builds one Dockerfile per CUDA version: each row is named by its tag and says why', async () => {
    const root = await testdir({
      '.github/workflows/build.yml': dedent(`
        on: push
        jobs:
          build:
            strategy:
              matrix:
                cuda: ["12.8", "13.0"]
            steps:
              - uses: docker/build-push-action@v6
                with:
                  context: torch
                  tags: acme/torch:cu\${{ matrix.cuda }}
                  build-args: CUDA=\${{ matrix.cuda }}
          rocm:
            steps:
              - run: docker build -t acme/torch:rocm torch/rocm
      `),
      'torch/Dockerfile': 'FROM nvidia/cuda:12.8.1-runtime-ubuntu22.04\n',
      'torch/rocm/Dockerfile': 'FROM rocm/dev-ubuntu-22.04\n',
    });
    const images = brief(await scan(root));
    // Tags name each row; the first row is the primary one.
    expect(images.map((i) => i.id)).toEqual(['torch-cu12.8', 'torch-cu13.0', 'torch-rocm']);
    expect(images[0]!.variantOf).toBeUndefined();
    expect(images[1]!.variantOf).toEqual({
      primary: 'torch-cu12.8',
      reason: 'the same Dockerfile with build args CUDA=13.0, built by .github/workflows/build.yml',
    });
  });

  it('the same build in a Makefile and in CI, where CI only knows the owner at run time, is one image', async () => {
    const root = await testdir({
      Makefile: 'build:\n\tdocker build -t quay.io/acme/base --build-arg OWNER=acme images/base\n',
      '.github/workflows/ci.yml': dedent(`
        on: push
        jobs:
          build:
            steps:
              - run: docker build -t quay.io/\${{ github.repository_owner }}/base --build-arg OWNER=\${{ github.repository_owner }} images/base
      `),
      'images/base/Dockerfile': 'FROM debian\nARG OWNER\n',
    });
    const json = toScanJson(await scan(root));
    expect(json.images.map((i) => [i.id, i.tags, i.args])).toEqual([
      ['base', ['quay.io/acme/base'], { OWNER: 'acme' }],
    ]);
    expect(json.images[0]!.sources.map((s) => `${s.file}:${s.line}`)).toEqual([
      '.github/workflows/ci.yml:5',
      'Makefile:2',
    ]);
  });

  it('an empty Dockerfile is reported once and is not an image', async () => {
    const root = await testdir({
      'docker-compose.yml':
        'services:\n  a:\n    build: empty\n  b:\n    build: { context: empty, args: { X: "1" } }\n',
      'empty/Dockerfile': '\n# nothing yet\n',
    });
    const graph = await scan(root);
    expect(graph.images).toEqual([]);
    expect(
      graph.diagnostics.filter((d) => d.code === 'STRATA_DOCKERFILE_EMPTY').map((d) => d.message),
    ).toEqual(['empty/Dockerfile has no instructions; no image is built from it']);
  });
});

describe('ids of images tagged with run-time values', () => {
  it('a tag whose tag part is a git sha names the image by its repository', async () => {
    const root = await testdir({
      Makefile: dedent(`
        TAG := sha-$(shell git rev-parse HEAD)
        build:
        \tdocker build -t ghcr.io/acme/base:$(TAG) base
      `),
      'base/Dockerfile': 'FROM debian\n',
    });
    expect(toScanJson(await scan(root)).images.map((i) => [i.id, i.tags])).toEqual([
      ['base', ['ghcr.io/acme/base:sha-unresolved-shell-git-rev-parse-head']],
    ]);
  });
});
