// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { parseBuildScript } from '../../../src/discover/scripts.js';
import { dedent } from '../../helpers/testdir.js';

const parse = (text: string, file: string, existing?: string[]) =>
  parseBuildScript(dedent(text), file, existing ? { exists: (rel) => existing.includes(rel) } : {});

const summary = (r: ReturnType<typeof parse>) =>
  r.definitions.map((d) => ({
    line: d.origin.line,
    tags: d.tags,
    dockerfile: d.dockerfile,
    context: d.context,
  }));

describe('shell scripts', () => {
  test('every option: -t/--tag, -f/--file, --build-arg, --target, --platform, --build-context, context', () => {
    const r = parse(
      `
      #!/bin/sh
      docker build -t api:latest --tag=api:1.0 -f docker/api/Dockerfile --build-arg PY=3.11 --build-arg=MODE=prod \\
        --target runtime --platform linux/amd64,linux/arm64 --build-context base=docker-image://base:cpu \\
        --no-cache --progress plain --label a=b .
      `,
      'build.sh',
    );
    expect(r.mentions).toEqual([]);
    expect(r.definitions).toEqual([
      {
        origin: { kind: 'script', file: 'build.sh', line: 2 },
        dockerfile: 'docker/api/Dockerfile',
        context: '.',
        args: { PY: '3.11', MODE: 'prod' },
        tags: ['api:latest', 'api:1.0'],
        contexts: { base: 'docker-image://base:cpu' },
        platforms: ['linux/amd64', 'linux/arm64'],
        target: 'runtime',
      },
    ]);
  });

  test.each([
    ['docker build -t a .', ['a']],
    ['docker buildx build --load -t a .', ['a']],
    ['docker image build -t a .', ['a']],
    ['DOCKER_BUILDKIT=1 docker build -t a .', ['a']],
    ['sudo docker build -t a .', ['a']],
    ['/usr/bin/docker build -t a .', ['a']],
    ['docker --context remote build -t a .', ['a']],
    ['podman build -t a .', ['a']],
    ['podman buildx build -t a .', ['a']],
    ['buildah bud -t a .', ['a']],
    ['buildah build -t a .', ['a']],
    ['nerdctl build -t a .', ['a']],
    ['docker build . -t a', ['a']],
    ['docker build -ta .', ['a']],
    ['docker build -t a . > build.log 2>&1', ['a']],
    ['time docker build -t a . | tee log', ['a']],
    ['set -e; docker build -t a . && docker push a', ['a']],
    ['(cd . && docker build -t a .)', ['a']],
    ['if ! docker build -t a .; then exit 1; fi', ['a']],
  ])('%s is a build', (line, tags) => {
    expect(parse(line, 'b.sh').definitions.map((d) => d.tags)).toEqual([tags]);
  });

  test.each([
    'echo "docker build -t a ."',
    '# docker build -t a .',
    'docker run -t a .',
    'docker buildx bake',
    'docker pull a',
  ])('%s is not a build', (line) => {
    const r = parse(line, 'b.sh');
    expect(r.definitions).toEqual([]);
    expect(r.mentions).toEqual([]);
  });

  test('variables set earlier: VAR=x, export, ${VAR:-default}, $VAR, ${VAR}, quotes', () => {
    const r = parse(
      `
      REGISTRY=ghcr.io/acme
      export TAG="v1.2"
      NAME='pose service'
      BASE=\${BASE_IMAGE:-base-python}
      : "\${PLATFORM:=linux/amd64}"
      CTX=backend
      docker build -t $REGISTRY/pose:\${TAG} -t "\${BASE}-pose" --build-arg "DESC=$NAME" --platform $PLATFORM "$CTX"
      `,
      'build.sh',
    );
    expect(r.definitions[0]).toMatchObject({
      tags: ['ghcr.io/acme/pose:v1.2', 'base-python-pose'],
      args: { DESC: 'pose service' },
      context: 'backend',
      platforms: ['linux/amd64'],
    });
  });

  test('for loops over literal words (one line, several lines, arrays) give one definition each', () => {
    const r = parse(
      `
      TAG=latest
      for stage in asr diarize; do docker build -t stage-$stage:$TAG stages/$stage; done
      for dev in cpu cuda
      do
        docker build \\
          -t base:$dev \\
          -f docker/base/Dockerfile.$dev docker/base
      done
      STAGES=(align translate)
      for s in "\${STAGES[@]}"; do
        docker build -t "stage-\${s}:cpu" "stages/\${s}"
      done
      `,
      'scripts/build-all.sh',
    );
    expect(summary(r)).toEqual([
      { line: 2, tags: ['stage-asr:latest'], dockerfile: 'stages/asr/Dockerfile', context: 'stages/asr' },
      {
        line: 2,
        tags: ['stage-diarize:latest'],
        dockerfile: 'stages/diarize/Dockerfile',
        context: 'stages/diarize',
      },
      { line: 5, tags: ['base:cpu'], dockerfile: 'docker/base/Dockerfile.cpu', context: 'docker/base' },
      { line: 5, tags: ['base:cuda'], dockerfile: 'docker/base/Dockerfile.cuda', context: 'docker/base' },
      { line: 11, tags: ['stage-align:cpu'], dockerfile: 'stages/align/Dockerfile', context: 'stages/align' },
      {
        line: 11,
        tags: ['stage-translate:cpu'],
        dockerfile: 'stages/translate/Dockerfile',
        context: 'stages/translate',
      },
    ]);
  });

  test('nested loops expand every combination', () => {
    const r = parse(
      `
      for s in a b; do
        for d in cpu gpu; do
          docker build -t $s:$d -f $s/Dockerfile.$d $s
        done
      done
      `,
      'b.sh',
    );
    expect(r.definitions.map((d) => d.tags[0])).toEqual(['a:cpu', 'a:gpu', 'b:cpu', 'b:gpu']);
  });

  test('what cannot be resolved becomes a mention with the text it had', () => {
    const r = parse(
      `
      docker build -t app:$(git rev-parse --short HEAD) .
      docker build -t "$1" -f "$DOCKERFILE" services/api
      for s in $(ls stages); do docker build -t stage-$s stages/$s; done
      cat Dockerfile | docker build -t piped -
      docker build -t stdin-file -f - .
      build() { docker build -t "$1" "$2"; }
      `,
      'build.sh',
    );
    expect(r.definitions).toEqual([]);
    expect(r.diagnostics).toEqual([]);
    expect(r.mentions).toEqual([
      {
        file: 'build.sh',
        line: 1,
        text: 'docker build -t app:$(git rev-parse --short HEAD) .',
        tag: 'app:$(git rev-parse --short HEAD)',
        context: '.',
      },
      {
        file: 'build.sh',
        line: 2,
        text: 'docker build -t "$1" -f "$DOCKERFILE" services/api',
        tag: '$1',
        dockerfile: '$DOCKERFILE',
        context: 'services/api',
      },
      {
        file: 'build.sh',
        line: 3,
        text: 'for s in $(ls stages); do docker build -t stage-$s stages/$s; done',
        tag: 'stage-$(ls stages)',
        context: 'stages/$(ls stages)',
      },
      {
        file: 'build.sh',
        line: 4,
        text: 'cat Dockerfile | docker build -t piped -',
        tag: 'piped',
        context: '-',
      },
      {
        file: 'build.sh',
        line: 5,
        text: 'docker build -t stdin-file -f - .',
        tag: 'stdin-file',
        dockerfile: '-',
        context: '.',
      },
      { file: 'build.sh', line: 6, text: 'build() { docker build -t "$1" "$2"; }', tag: '$1', context: '$2' },
    ]);
  });

  test('paths: the root when they exist from there, else the script folder', () => {
    const existing = ['docker/base/Dockerfile', 'tools/img/Dockerfile'];
    const r = parse(
      `
      docker build -t base docker/base
      docker build -t img img
      `,
      'tools/build.sh',
      existing,
    );
    expect(summary(r).map((d) => d.dockerfile)).toEqual(['docker/base/Dockerfile', 'tools/img/Dockerfile']);
  });

  test('paths: cd "$(dirname "$0")/.." and $SCRIPT_DIR anchor paths to the script', () => {
    const existing = ['backend/Dockerfile', 'Dockerfile', 'deploy/web/Dockerfile'];
    const r = parse(
      `
      SCRIPT_DIR="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
      docker build -t web "$SCRIPT_DIR/web"
      cd "$(dirname "$0")/.."
      docker build -t backend -f backend/Dockerfile .
      cd "$(git rev-parse --show-toplevel)"
      docker build -t root .
      `,
      'deploy/build.sh',
      existing,
    );
    expect(summary(r)).toEqual([
      { line: 2, tags: ['web'], dockerfile: 'deploy/web/Dockerfile', context: 'deploy/web' },
      { line: 4, tags: ['backend'], dockerfile: 'backend/Dockerfile', context: '.' },
      { line: 6, tags: ['root'], dockerfile: 'Dockerfile', context: '.' },
    ]);
  });

  test('a build whose Dockerfile exists nowhere is a mention and a warning', () => {
    const r = parse('docker build -t gone -f old/Dockerfile .\n', 'ci/build.sh', []);
    expect(r.definitions).toEqual([]);
    expect(r.mentions).toMatchObject([{ tag: 'gone', dockerfile: 'old/Dockerfile', context: '.' }]);
    expect(r.diagnostics).toMatchObject([
      { code: 'STRATA_SCRIPT_DOCKERFILE_NOT_FOUND', severity: 'warning', file: 'ci/build.sh', line: 1 },
    ]);
  });

  test('a remote context is recorded as such', () => {
    const r = parse('docker build -t x https://github.com/acme/app.git#main\n', 'b.sh', []);
    expect(r.definitions[0]).toMatchObject({
      context: 'https://github.com/acme/app.git#main',
      remoteContext: true,
    });
  });
});

describe('Makefiles', () => {
  test(':=, ?=, =, +=, $(VAR), ${VAR}, @ and $$ loops in recipes', () => {
    const r = parse(
      `
      REGISTRY ?= local
      VERSION := 1.0
      IMAGE = $(REGISTRY)/api:$(VERSION)
      REGISTRY ?= ignored
      STAGES = asr
      STAGES += diarize
      DOCKER := docker

      .PHONY: build
      build:
      \t@$(DOCKER) build -t $(IMAGE) -f docker/Dockerfile \\
      \t\t--build-arg VERSION=\${VERSION} .

      stages:
      \tfor s in $(STAGES); do \\
      \t  docker build -t stage-$$s stages/$$s; \\
      \tdone

      tagged:
      \tdocker build -t app:$(shell git describe) .
      \tdocker build -t $@ .
      `,
      'Makefile',
    );
    expect(summary(r)).toEqual([
      { line: 11, tags: ['local/api:1.0'], dockerfile: 'docker/Dockerfile', context: '.' },
      { line: 15, tags: ['stage-asr'], dockerfile: 'stages/asr/Dockerfile', context: 'stages/asr' },
      {
        line: 15,
        tags: ['stage-diarize'],
        dockerfile: 'stages/diarize/Dockerfile',
        context: 'stages/diarize',
      },
    ]);
    expect(r.definitions[0]?.args).toEqual({ VERSION: '1.0' });
    expect(r.mentions.map((m) => [m.line, m.tag])).toEqual([
      [20, 'app:$(shell git describe)'],
      [21, '$@'],
    ]);
  });

  test('make runs in the Makefile folder', () => {
    const r = parse('build:\n\tdocker build -t x .\n', 'services/api/Makefile', [
      'services/api/Dockerfile',
      'Dockerfile',
    ]);
    expect(summary(r)).toEqual([
      { line: 2, tags: ['x'], dockerfile: 'services/api/Dockerfile', context: 'services/api' },
    ]);
  });
});

describe('Windows scripts', () => {
  test('batch: set, %VAR%, ^ continuation, %~dp0, for %%x in (...) do', () => {
    const r = parse(
      `
      @echo off
      rem build everything
      set TAG=1.0
      set "REG=acme"
      docker build -t %REG%/base:%TAG% ^
        -f "%~dp0..\\docker\\base\\Dockerfile" ^
        "%~dp0.."
      for %%s in (api worker) do docker build -t %REG%/%%s:%TAG% services\\%%s
      `,
      'scripts/build.bat',
    );
    expect(summary(r)).toEqual([
      { line: 5, tags: ['acme/base:1.0'], dockerfile: 'docker/base/Dockerfile', context: '.' },
      { line: 8, tags: ['acme/api:1.0'], dockerfile: 'services/api/Dockerfile', context: 'services/api' },
      {
        line: 8,
        tags: ['acme/worker:1.0'],
        dockerfile: 'services/worker/Dockerfile',
        context: 'services/worker',
      },
    ]);
  });

  test('PowerShell: $VAR = "x", backtick continuation, $PSScriptRoot, foreach', () => {
    const r = parse(
      `
      $Registry = "acme"
      $env:TAG = 'v2'
      docker build \`
        -t "$Registry/base:$env:TAG" \`
        -f "$PSScriptRoot/../docker/base/Dockerfile" \`
        "$PSScriptRoot/.."
      foreach ($s in @("api", "worker")) {
        docker build -t "$Registry/$($s):$env:TAG" "services/$s"
      }
      docker build -t '$Registry/literal' .
      `,
      'scripts/build.ps1',
    );
    expect(summary(r)).toEqual([
      { line: 3, tags: ['acme/base:v2'], dockerfile: 'docker/base/Dockerfile', context: '.' },
      { line: 8, tags: ['acme/api:v2'], dockerfile: 'services/api/Dockerfile', context: 'services/api' },
      {
        line: 8,
        tags: ['acme/worker:v2'],
        dockerfile: 'services/worker/Dockerfile',
        context: 'services/worker',
      },
      { line: 10, tags: ['$Registry/literal'], dockerfile: 'Dockerfile', context: '.' },
    ]);
  });
});
