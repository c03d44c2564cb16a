// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile and shell text, not templates
import { describe, expect, test } from 'vitest';
import { parseDockerfile, resolveDockerfile } from '../../../src/dockerfile/index.js';
import type { BaseRef, ResolveOptions } from '../../../src/model/dockerfile.js';
import { dedent } from '../../helpers/testdir.js';

function resolve(text: string, opts?: ResolveOptions) {
  return resolveDockerfile(parseDockerfile(dedent(text), 'Dockerfile'), opts);
}

/** A short label for a BaseRef: `image:<familiar>`, `stage:<n>`, `scratch`, `context:<name>`, `unresolved`. */
function label(base: BaseRef): string {
  switch (base.kind) {
    case 'image':
      return `image:${base.ref.familiar}`;
    case 'stage':
      return `stage:${base.stage}`;
    case 'context':
      return `context:${base.name}`;
    case 'scratch':
      return 'scratch';
    case 'unresolved':
      return 'unresolved';
  }
}

describe('FROM', () => {
  test.each<[string, string, ResolveOptions | undefined, string, string]>([
    ['plain image', 'FROM alpine:3.19', undefined, 'image:alpine:3.19', 'alpine:3.19'],
    ['scratch', 'FROM scratch', undefined, 'scratch', 'scratch'],
    ['global ARG default', 'ARG V=3.19\nFROM alpine:${V}', undefined, 'image:alpine:3.19', 'alpine:3.19'],
    ['$VAR form', 'ARG IMG=alpine\nFROM $IMG', undefined, 'image:alpine:latest', 'alpine'],
    [
      'build arg overrides the default',
      'ARG V=3.19\nFROM alpine:${V}',
      { buildArgs: { V: '3.20' } },
      'image:alpine:3.20',
      'alpine:3.20',
    ],
    [
      'build arg gives a value to ARG without default',
      'ARG V\nFROM alpine:${V}',
      { buildArgs: { V: '3.18' } },
      'image:alpine:3.18',
      'alpine:3.18',
    ],
    [
      'undeclared build arg is not used in FROM',
      'FROM alpine:${V:-edge}',
      { buildArgs: { V: '3.18' } },
      'image:alpine:edge',
      'alpine:edge',
    ],
    ['${VAR:-x} default', 'ARG V\nFROM alpine:${V:-3.17}', undefined, 'image:alpine:3.17', 'alpine:3.17'],
    ['${VAR:+x}', 'ARG GPU=1\nFROM base${GPU:+-cuda}', undefined, 'image:base-cuda:latest', 'base-cuda'],
    ['${VAR:+x} unset', 'ARG GPU\nFROM base${GPU:+-cuda}', undefined, 'image:base:latest', 'base'],
    [
      'ARG default uses an earlier ARG',
      'ARG CUDA=12.1.1\nARG TAG=${CUDA}-runtime\nFROM nvidia/cuda:${TAG}',
      undefined,
      'image:nvidia/cuda:12.1.1-runtime',
      'nvidia/cuda:12.1.1-runtime',
    ],
    [
      'build arg seen by a later default',
      'ARG CUDA=12.1.1\nARG TAG=${CUDA}-runtime\nFROM nvidia/cuda:${TAG}',
      { buildArgs: { CUDA: '11.8.0' } },
      'image:nvidia/cuda:11.8.0-runtime',
      'nvidia/cuda:11.8.0-runtime',
    ],
    [
      'ARG-parameterised base image',
      'ARG BASE_IMAGE=nvidia/cuda\nARG CUDA_VERSION=12.1.1\nFROM ${BASE_IMAGE}:${CUDA_VERSION}-runtime',
      undefined,
      'image:nvidia/cuda:12.1.1-runtime',
      'nvidia/cuda:12.1.1-runtime',
    ],
    [
      'TARGETARCH without declaration',
      'FROM base-${TARGETARCH}',
      undefined,
      'image:base-amd64:latest',
      'base-amd64',
    ],
    [
      'TARGETARCH from the platform option',
      'FROM base-${TARGETARCH}${TARGETVARIANT}',
      { platform: 'linux/arm/v7' },
      'image:base-armv7:latest',
      'base-armv7',
    ],
    [
      'TARGETOS and TARGETPLATFORM',
      'FROM x:${TARGETOS}-${BUILDARCH}',
      { platform: 'windows/amd64' },
      'image:x:windows-amd64',
      'x:windows-amd64',
    ],
    [
      'declared global ARG wins over the automatic one',
      'ARG TARGETARCH=riscv64\nFROM base-${TARGETARCH}',
      undefined,
      'image:base-riscv64:latest',
      'base-riscv64',
    ],
    ['quoted FROM', 'FROM "alpine:3.19"', undefined, 'image:alpine:3.19', 'alpine:3.19'],
    [
      'digest pin',
      `FROM alpine@sha256:${'b'.repeat(64)}`,
      undefined,
      `image:alpine@sha256:${'b'.repeat(64)}`,
      `alpine@sha256:${'b'.repeat(64)}`,
    ],
  ])('%s', (_name, text, opts, base, fromResolved) => {
    const r = resolve(text, opts);
    expect(r.diagnostics).toEqual([]);
    expect(label(r.stages[0]!.base)).toBe(base);
    expect(r.stages[0]!.fromResolved).toBe(fromResolved);
  });

  test('FROM <stage> by name, case-insensitive; only earlier stages count', () => {
    const r = resolve(`
      FROM alpine AS Base
      FROM BASE AS app
      FROM later
      FROM alpine AS later
    `);
    expect(r.stages.map((s) => label(s.base))).toEqual([
      'image:alpine:latest',
      'stage:0',
      'image:later:latest',
      'image:alpine:latest',
    ]);
  });

  test('an ARG used in FROM with no value: unresolved plus a warning with the line', () => {
    const r = resolve('ARG BASE\nARG TAG=1\n\nFROM ${BASE}:${TAG} AS x\n');
    expect(r.stages[0]!.base).toEqual({
      kind: 'unresolved',
      text: '${BASE}:${TAG}',
      reason: 'no value for BASE',
    });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'STRATA_DF_UNRESOLVED_ARG',
        severity: 'warning',
        line: 4,
        file: 'Dockerfile',
      }),
    ]);
  });

  test('an undeclared variable in FROM is unresolved', () => {
    const r = resolve('FROM $UNDECLARED');
    expect(r.stages[0]!.base.kind).toBe('unresolved');
  });

  test('an invalid reference after expansion is unresolved and an error', () => {
    const r = resolve('ARG N=Upper\nFROM ${N}:1');
    expect(r.stages[0]!.base).toMatchObject({ kind: 'unresolved', reason: 'not a valid image reference' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['STRATA_DF_INVALID_IMAGE_REF', 'error', 2],
    ]);
  });

  test('an invalid reference made by an empty ARG value is a warning: the definition left it empty', () => {
    const r = resolve('ARG REGISTRY\nARG REPO\nFROM ${REGISTRY}/${REPO}:b-1-base', {
      buildArgs: { REGISTRY: '', REPO: '' },
    });
    expect(r.stages[0]!.base).toMatchObject({ kind: 'unresolved', text: '/:b-1-base' });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['STRATA_DF_INVALID_IMAGE_REF', 'warning'],
    ]);
  });

  test('global ARG values after overrides', () => {
    const r = resolve('ARG A=1\nARG B\nARG C=${A}2\nFROM x', { buildArgs: { A: '9', Z: 'unused' } });
    expect(r.globalArgValues).toEqual({ A: '9', C: '92' });
  });

  test('--platform is expanded', () => {
    const r = resolve(
      'FROM --platform=$BUILDPLATFORM golang AS b\nFROM --platform=${TARGETPLATFORM} alpine',
      {
        platform: 'linux/arm64',
      },
    );
    expect(r.stages.map((s) => s.platform)).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('named contexts', () => {
  test.each([
    ['FROM base-ml', ['base-ml'], 'context:base-ml'],
    ['FROM alpine', ['alpine'], 'context:alpine'],
    ['FROM alpine:latest', ['alpine'], 'context:alpine'],
    ['FROM docker.io/library/alpine', ['alpine'], 'context:alpine'],
    ['FROM alpine', ['docker.io/library/alpine'], 'context:docker.io/library/alpine'],
    ['FROM alpine:3.19', ['alpine:3.19'], 'context:alpine:3.19'],
    ['FROM alpine:3.19', ['alpine'], 'image:alpine:3.19'],
    ['FROM ghcr.io/acme/base:cuda', ['ghcr.io/acme/base:cuda'], 'context:ghcr.io/acme/base:cuda'],
    ['FROM other', ['base-ml'], 'image:other:latest'],
  ])('%s with %j', (text, namedContexts, base) => {
    expect(label(resolve(text, { namedContexts }).stages[0]!.base)).toBe(base);
  });

  test('a context named like a stage replaces that stage (BuildKit)', () => {
    const r = resolve(
      `
      FROM ubuntu AS base
      COPY --from=tools /x /x
      FROM alpine AS tools
      FROM base
    `,
      { namedContexts: ['base'] },
    );
    expect(r.stages.map((s) => label(s.base))).toEqual(['context:base', 'image:alpine:latest', 'stage:0']);
    expect(r.stages.map((s) => s.needed)).toEqual([true, false, true]);
  });

  test('COPY --from an image name that is a context', () => {
    const r = resolve('FROM alpine\nCOPY --from=assets /a /b', { namedContexts: ['assets'] });
    expect(label(r.stages[0]!.copyFrom[0]!.source)).toBe('context:assets');
  });
});

describe('COPY --from, ADD --from, RUN --mount from=', () => {
  const text = `
    FROM golang:1.22 AS build
    RUN go build -o /out/app
    FROM alpine AS assets
    FROM alpine
    COPY --from=build /out/app /app
    COPY --from=0 /out/app /app0
    COPY --from=BUILD /out/app /app1
    COPY --from=nginx:1.25 /etc/nginx /etc/nginx
    ADD --from=assets /x /x
    RUN --mount=type=bind,from=build,source=/out,target=/mnt \\
        --mount=type=cache,target=/root/.cache \\
        --mount=type=bind,from=busybox:1.36,source=/bin/busybox,target=/bb ls
  `;

  test('sources are resolved to stages and images', () => {
    const r = resolve(text);
    const last = r.stages[2]!;
    expect(last.copyFrom.map((c) => label(c.source))).toEqual([
      'stage:0',
      'stage:0',
      'stage:0',
      'image:nginx:1.25',
      'stage:1',
    ]);
    expect(last.copyFrom.map((c) => c.instruction.range.line)).toEqual([5, 6, 7, 8, 9]);
    expect(last.mountFrom.map((m) => [m.mount.target, label(m.source)])).toEqual([
      ['/mnt', 'stage:0'],
      ['/bb', 'image:busybox:1.36'],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  test('needed follows FROM, COPY --from and mounts from the target', () => {
    expect(resolve(text).stages.map((s) => s.needed)).toEqual([true, true, true]);
    expect(resolve(text, { target: 'assets' }).stages.map((s) => s.needed)).toEqual([false, true, false]);
    expect(resolve(text, { target: 'Build' }).targetStage).toBe(0);
  });

  test('--from with a variable uses the stage ARGs, build args and ENV', () => {
    const r = resolve(
      `
      ARG FLAVOR=cpu
      FROM alpine AS deps-cpu
      FROM alpine AS deps-gpu
      FROM alpine
      ARG FLAVOR
      ARG SRC=deps
      ENV FULL=\${SRC}-\${FLAVOR}
      COPY --from=\${FULL} /x /x
      COPY --from=$NOPE /y /y
    `,
      { buildArgs: {} },
    );
    expect(r.stages[2]!.copyFrom.map((c) => label(c.source))).toEqual(['stage:0', 'unresolved']);
    const gpu = resolve(
      'FROM alpine AS deps-gpu\nFROM alpine\nARG FLAVOR\nCOPY --from=deps-${FLAVOR} /x /x',
      {
        buildArgs: { FLAVOR: 'gpu' },
      },
    );
    expect(label(gpu.stages[1]!.copyFrom[0]!.source)).toBe('stage:0');
  });

  test('an index out of range, and a stage copying from itself, are errors', () => {
    const r = resolve('FROM alpine AS a\nCOPY --from=a /x /y\nCOPY --from=0 /x /y\nCOPY --from=7 /x /y');
    expect(r.stages[0]!.copyFrom.map((c) => c.source.kind)).toEqual([
      'unresolved',
      'unresolved',
      'unresolved',
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['STRATA_DF_SELF_REFERENCE', 2],
      ['STRATA_DF_SELF_REFERENCE', 3],
      ['STRATA_DF_UNKNOWN_STAGE_REF', 4],
    ]);
  });

  test('COPY --from a later stage is allowed; a cycle is an error naming it', () => {
    const ok = resolve('FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b');
    expect(label(ok.stages[0]!.copyFrom[0]!.source)).toBe('stage:1');
    expect(ok.stages.map((s) => s.needed)).toEqual([false, true]);
    expect(
      resolve('FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b', { target: 'a' }).stages.map(
        (s) => s.needed,
      ),
    ).toEqual([true, true]);
    const cycle = resolve('FROM alpine AS a\nCOPY --from=b /x /y\nFROM a AS b');
    expect(cycle.diagnostics).toEqual([
      expect.objectContaining({
        code: 'STRATA_DF_STAGE_CYCLE',
        message: expect.stringContaining('a -> b -> a'),
      }),
    ]);
  });

  test('ONBUILD triggers are not sources of this build', () => {
    const r = resolve('FROM alpine AS a\nFROM alpine\nONBUILD COPY --from=a /x /y');
    expect(r.stages[1]!.copyFrom).toEqual([]);
    expect(r.stages[0]!.needed).toBe(false);
  });
});

describe('target', () => {
  test('the last stage by default', () => {
    const r = resolve('FROM alpine AS a\nFROM alpine AS b\nFROM alpine AS c');
    expect(r.targetStage).toBe(2);
    expect(r.stages.map((s) => s.needed)).toEqual([false, false, true]);
  });

  test('an unknown target is an error that lists the stages', () => {
    const r = resolve('FROM alpine AS a\nFROM alpine AS b', { target: 'nope' });
    expect(r.diagnostics).toEqual([
      expect.objectContaining({ code: 'STRATA_DF_UNKNOWN_TARGET', severity: 'error', hint: 'stages: a, b' }),
    ]);
    expect(r.targetStage).toBe(1);
  });

  test('no stage at all', () => {
    const r = resolve('');
    expect(r).toMatchObject({ stages: [], targetStage: -1, diagnostics: [] });
  });
});
