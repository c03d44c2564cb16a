// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { parseBuildScript } from '../../../src/discover/scripts.js';
import { dedent } from '../../helpers/testdir.js';

const parse = (text: string, file: string, existing?: string[]) =>
  parseBuildScript(dedent(text), file, existing ? { exists: (rel) => existing.includes(rel) } : {});

/** Each definition as the build it stands for: `<line>: -t <tag>... -f <dockerfile> <context>`. */
const summary = (r: ReturnType<typeof parse>) =>
  r.definitions.map(
    (d) => `${d.origin.line}: ${d.tags.map((t) => `-t ${t} `).join('')}-f ${d.dockerfile} ${d.context}`,
  );

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
      '2: -t stage-asr:latest -f stages/asr/Dockerfile stages/asr',
      '2: -t stage-diarize:latest -f stages/diarize/Dockerfile stages/diarize',
      '5: -t base:cpu -f docker/base/Dockerfile.cpu docker/base',
      '5: -t base:cuda -f docker/base/Dockerfile.cuda docker/base',
      '11: -t stage-align:cpu -f stages/align/Dockerfile stages/align',
      '11: -t stage-translate:cpu -f stages/translate/Dockerfile stages/translate',
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
    expect(r.definitions.map((d) => d.dockerfile)).toEqual([
      'docker/base/Dockerfile',
      'tools/img/Dockerfile',
    ]);
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
      '2: -t web -f deploy/web/Dockerfile deploy/web',
      '4: -t backend -f backend/Dockerfile .',
      '6: -t root -f Dockerfile .',
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
      '11: -t local/api:1.0 -f docker/Dockerfile .',
      '15: -t stage-asr -f stages/asr/Dockerfile stages/asr',
      '15: -t stage-diarize -f stages/diarize/Dockerfile stages/diarize',
      // The part make cannot know becomes a stable word; `$@` is the target.
      '20: -t app:unresolved-shell-git-describe -f Dockerfile .',
      '21: -t tagged -f Dockerfile .',
    ]);
    expect(r.definitions[0]?.args).toEqual({ VERSION: '1.0' });
    expect(r.mentions).toEqual([]);
  });

  test('make runs in the Makefile folder', () => {
    const r = parse('build:\n\tdocker build -t x .\n', 'services/api/Makefile', [
      'services/api/Dockerfile',
      'Dockerfile',
    ]);
    expect(summary(r)).toEqual(['2: -t x -f services/api/Dockerfile services/api']);
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
      '5: -t acme/base:1.0 -f docker/base/Dockerfile .',
      '8: -t acme/api:1.0 -f services/api/Dockerfile services/api',
      '8: -t acme/worker:1.0 -f services/worker/Dockerfile services/worker',
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
      '3: -t acme/base:v2 -f docker/base/Dockerfile .',
      '8: -t acme/api:v2 -f services/api/Dockerfile services/api',
      '8: -t acme/worker:v2 -f services/worker/Dockerfile services/worker',
      '10: -t $Registry/literal -f Dockerfile .',
    ]);
  });
});
