// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote workflow expressions
import { describe, expect, test } from 'vitest';
import {
  evaluate,
  matrixRows,
  readGithubWorkflows,
  readGitlabCi,
  Unknown,
} from '../../../../src/discover/workflows/index.js';
import { dedent } from '../../../helpers/testdir.js';

const read = (files: Record<string, string>, existing: string[]) =>
  readGithubWorkflows(
    Object.entries(files).map(([file, text]) => ({ file, text: dedent(text) })),
    { exists: (rel) => existing.includes(rel) },
  );

const brief = (r: ReturnType<typeof read>) =>
  r.definitions.map((d) => ({
    dockerfile: d.dockerfile,
    context: d.context,
    tags: d.tags,
    args: d.args,
    at: `${d.origin.file}:${d.origin.line}`,
  }));

describe('expressions', () => {
  const ctx = (name: string) =>
    ({ inputs: { variant: 'cuda', image: 'torch' }, matrix: { py: '3.12' } })[name] as never;
  test.each([
    ["inputs.variant != 'default' && inputs.variant || '.'", 'cuda'],
    ["format('{0}-{1}', inputs.image, matrix.py)", 'torch-3.12'],
    ["contains(inputs.variant, 'CU')", true],
    ["startsWith(inputs.image, 'to') && 'yes'", 'yes'],
    ['!inputs.missing', true],
    ["fromJSON('[1,2]')[1]", 2],
  ])('%s', (text, expected) => {
    expect(evaluate(text, ctx)).toEqual(expected);
  });
  test('run-time values are unknown, with the text they stand for', () => {
    expect(evaluate('github.sha', ctx)).toEqual(new Unknown('github.sha'));
  });
});

describe('matrix', () => {
  test('product, exclude, include extending rows and adding rows', () => {
    const rows = matrixRows(
      {
        matrix: {
          cuda: ['12.8', '13.0'],
          os: ['22.04', '24.04'],
          exclude: [{ cuda: '13.0', os: '22.04' }],
          include: [
            { cuda: '12.8', extra: 'x' },
            { cuda: 'cpu', os: '24.04' },
          ],
        },
      },
      () => undefined,
    );
    expect(rows).toEqual([
      { cuda: '12.8', os: '22.04', extra: 'x' },
      { cuda: '12.8', os: '24.04', extra: 'x' },
      { cuda: '13.0', os: '24.04' },
      { cuda: 'cpu', os: '24.04' },
    ]);
  });
});

describe('GitHub Actions workflows', () => {
  test('build-push-action per matrix row, with build-args, contexts and metadata-action tags', () => {
    const r = read(
      {
        '.github/workflows/images.yml': `
          on: push
          env:
            REGISTRY: ghcr.io/acme
          jobs:
            build:
              strategy:
                matrix:
                  cuda: ["12.8", "13.0"]
              steps:
                - uses: docker/metadata-action@v5
                  id: meta
                  with:
                    images: \${{ env.REGISTRY }}/base
                - uses: docker/build-push-action@v6
                  with:
                    context: images/base
                    file: images/base/Dockerfile
                    tags: |
                      \${{ env.REGISTRY }}/base:cu\${{ matrix.cuda }}
                    build-args: |
                      CUDA=\${{ matrix.cuda }}
                      SHA=\${{ github.sha }}
                    build-contexts: scripts=tools/scripts
                - uses: docker/build-push-action@v6
                  with:
                    context: images/app
                    tags: \${{ steps.meta.outputs.tags }}
        `,
      },
      ['images/base/Dockerfile', 'images/app/Dockerfile'],
    );
    expect(brief(r)).toEqual([
      {
        dockerfile: 'images/base/Dockerfile',
        context: 'images/base',
        tags: ['ghcr.io/acme/base:cu12.8'],
        args: { CUDA: '12.8', SHA: 'unresolved-github-sha' },
        at: '.github/workflows/images.yml:14',
      },
      {
        dockerfile: 'images/app/Dockerfile',
        context: 'images/app',
        tags: ['ghcr.io/acme/base:unresolved-jobs-build-steps-meta-outputs-tags'],
        args: {},
        at: '.github/workflows/images.yml:24',
      },
      {
        dockerfile: 'images/base/Dockerfile',
        context: 'images/base',
        tags: ['ghcr.io/acme/base:cu13.0'],
        args: { CUDA: '13.0', SHA: 'unresolved-github-sha' },
        at: '.github/workflows/images.yml:14',
      },
    ]);
    expect(r.definitions[0]!.contexts).toEqual({ scripts: 'tools/scripts' });
    expect(r.definitions[0]!.tagOrigins).toEqual({
      'ghcr.io/acme/base:cu12.8': { file: '.github/workflows/images.yml', line: 18 },
    });
    expect(r.definitions[0]!.argOrigins?.CUDA).toEqual({
      file: '.github/workflows/images.yml',
      line: 20,
    });
  });

  test('a reusable workflow called with inputs; a parent tag handed on through needs outputs', () => {
    const r = read(
      {
        '.github/workflows/main.yml': `
          on: push
          jobs:
            base:
              uses: ./.github/workflows/build.yml
              with:
                image: base
            base-tag:
              runs-on: ubuntu-latest
              outputs:
                tag: acme/base:\${{ github.sha }}
              steps:
                - run: echo
            gpu:
              needs: base-tag
              uses: ./.github/workflows/build.yml
              with:
                image: gpu
                variant: cuda
                base-tag: \${{ needs.base-tag.outputs.tag }}
        `,
        '.github/workflows/build.yml': `
          on:
            workflow_call:
              inputs:
                image: { type: string, required: true }
                variant: { type: string, default: default }
                base-tag: { type: string, default: "" }
          jobs:
            build:
              runs-on: ubuntu-latest
              steps:
                - name: Build
                  run: |
                    docker build \\
                      -t acme/\${{ inputs.image }}:\${{ inputs.variant }} \\
                      --build-arg BASE_TAG=\${{ inputs.base-tag }} \\
                      images/\${{ inputs.image }}
        `,
      },
      ['images/base/Dockerfile', 'images/gpu/Dockerfile'],
    );
    expect(brief(r)).toEqual([
      {
        dockerfile: 'images/base/Dockerfile',
        context: 'images/base',
        tags: ['acme/base:default'],
        args: { BASE_TAG: '' },
        at: '.github/workflows/build.yml:13',
      },
      {
        dockerfile: 'images/gpu/Dockerfile',
        context: 'images/gpu',
        tags: ['acme/gpu:cuda'],
        args: { BASE_TAG: 'acme/base:unresolved-github-sha' },
        at: '.github/workflows/build.yml:13',
      },
    ]);
  });
});

describe('GitLab CI', () => {
  test('script lines with variables and a parallel matrix', () => {
    const r = readGitlabCi(
      dedent(`
        variables:
          REGISTRY: registry.gitlab.com/acme
        build:
          parallel:
            matrix:
              - FLAVOR: [cpu, cuda]
          script:
            - docker login -u x
            - docker build -t $REGISTRY/app:$FLAVOR-$CI_COMMIT_SHORT_SHA -f docker/$FLAVOR.Dockerfile .
      `),
      '.gitlab-ci.yml',
      { exists: (rel) => ['docker/cpu.Dockerfile', 'docker/cuda.Dockerfile'].includes(rel) },
    );
    expect(r.definitions.map((d) => [d.dockerfile, d.tags, d.origin.line])).toEqual([
      ['docker/cpu.Dockerfile', ['registry.gitlab.com/acme/app:cpu-unresolved-ci-commit-short-sha'], 9],
      ['docker/cuda.Dockerfile', ['registry.gitlab.com/acme/app:cuda-unresolved-ci-commit-short-sha'], 9],
    ]);
  });
});
