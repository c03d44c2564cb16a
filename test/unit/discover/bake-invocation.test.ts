// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { toBakeFile } from '../../../src/bake/index.js';
import { findBakeInvocations } from '../../../src/discover/bake-invocation.js';
import { discover } from '../../../src/discover/index.js';
import { toScanJson } from '../../../src/graph/json.js';
import { scan } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

/** Shared versions in one file, the targets in another, combined by a script run from the root. */
const SPLIT_FILES = {
  'shared/versions.hcl': dedent(`
    variable "VERSION" {
      default = "1.4"
    }
    REGISTRY = "acme"
    CUDA = [{v = "12.8.1", os = ["22.04"]}, {v = "13.0.0", os = ["24.04"]}]
  `),
  'app/docker-bake.hcl': dedent(`
    group "default" {
      targets = ["base", "app"]
    }
    target "base" {
      name = "base-cu\${replace(c.v, ".", "")}"
      matrix = { c = flatten([for x in CUDA : [for o in x.os : {v = x.v, os = o}]]) }
      context = "images/base"
      contexts = { scripts = "tools/scripts" }
      args = {
        BASE_IMAGE = "nvidia/cuda:\${c.v}-cudnn-devel-ubuntu\${c.os}"
      }
      tags = ["\${REGISTRY}/base:\${VERSION}-cu\${replace(c.v, ".", "")}"]
    }
    target "app" {
      context = "images/app"
      contexts = { base = "target:base-cu1281" }
      tags = [lower("\${REGISTRY}/App:\${VERSION}")]
    }
  `),
  'scripts/build.sh': '#!/bin/sh\ndocker buildx bake -f shared/versions.hcl -f app/docker-bake.hcl "$@"\n',
  'images/base/Dockerfile': 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY --from=scripts . /opt\n',
  'images/app/Dockerfile': 'FROM base\n',
  'tools/scripts/setup.sh': 'echo\n',
};

describe('bake files combined by the invocation that builds them', () => {
  test('the script names both files; paths resolve from where bake runs, not the file folder', async () => {
    const root = await testdir(SPLIT_FILES);
    const d = await discover(root);
    const bake = d.definitions.filter((x) => x.origin.kind === 'bake');
    expect(bake.map((x) => x.origin.name).sort()).toEqual(['app', 'base-cu1281', 'base-cu1300']);
    const base = bake.find((x) => x.origin.name === 'base-cu1300');
    expect(base).toMatchObject({
      context: 'images/base',
      dockerfile: 'images/base/Dockerfile',
      args: { BASE_IMAGE: 'nvidia/cuda:13.0.0-cudnn-devel-ubuntu24.04' },
      tags: ['acme/base:1.4-cu1300'],
      contexts: { scripts: 'tools/scripts' },
    });
    expect(base?.argOrigins).toEqual({ BASE_IMAGE: { file: 'app/docker-bake.hcl', line: 10 } });
    expect(base?.tagOrigins).toEqual({ 'acme/base:1.4-cu1300': { file: 'app/docker-bake.hcl', line: 12 } });
    expect(base?.valueOrigins).toMatchObject({ context: { file: 'app/docker-bake.hcl', line: 7 } });
    expect(d.diagnostics.filter((x) => x.severity !== 'info')).toEqual([]);
    expect(d.variables).toContainEqual({
      name: 'VERSION',
      source: 'default',
      value: '1.4',
      default: '1.4',
      file: 'shared/versions.hcl',
      line: 1,
    });
  });

  test('the graph: target: contexts are edges, local folders are inputs, the FROM arg an external base', async () => {
    const root = await testdir(SPLIT_FILES);
    const g = toScanJson(await scan(root));
    const app = g.images.find((i) => i.tags.includes('acme/app:1.4'));
    const base = g.images.find((i) => i.tags.includes('acme/base:1.4-cu1281'));
    expect(app?.parents).toEqual([base?.id]);
    expect(g.edges).toContainEqual(
      expect.objectContaining({
        parent: base?.id,
        child: app?.id,
        kind: 'context',
        origin: { file: 'app/docker-bake.hcl', line: 16 },
      }),
    );
    expect(g.externalBases.map((b) => b.ref).sort()).toEqual([
      'nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04',
      'nvidia/cuda:13.0.0-cudnn-devel-ubuntu24.04',
    ]);
    expect(g.edges.filter((e) => e.via.includes('scripts'))).toEqual([]);
    expect(base?.argOrigins.BASE_IMAGE).toEqual({ file: 'app/docker-bake.hcl', line: 10 });
  });

  test('the environment overrides a default; --set values win over the environment', async () => {
    const root = await testdir(SPLIT_FILES);
    const env = await discover(root, { env: { VERSION: '2.0' } });
    expect(env.definitions.find((x) => x.origin.name === 'app')?.tags).toEqual(['acme/app:2.0']);
    expect(env.variables?.find((v) => v.name === 'VERSION')).toEqual({
      name: 'VERSION',
      source: 'env',
      default: '1.4',
      file: 'shared/versions.hcl',
      line: 1,
    });
    const pinned = await discover(root, { env: { VERSION: '2.0' }, set: { VERSION: '3.0' } });
    expect(pinned.definitions.find((x) => x.origin.name === 'app')?.tags).toEqual(['acme/app:3.0']);
    expect(pinned.variables?.find((v) => v.name === 'VERSION')).toMatchObject({
      source: 'set',
      value: '3.0',
    });
  });

  test('without an invocation, a file is read alone from its own folder, with its override file', async () => {
    const root = await testdir({
      'docker/docker-bake.hcl':
        'variable "TAG" {\n  default = "1"\n}\ntarget "a" {\n  context = "a"\n  tags = ["a:${TAG}"]\n}\n',
      'docker/docker-bake.override.hcl': 'TAG = "2"\ntarget "a" {\n  args = { X = "y" }\n}\n',
      'docker/a/Dockerfile': 'FROM scratch\n',
    });
    const d = await discover(root);
    expect(d.definitions.find((x) => x.origin.kind === 'bake')).toMatchObject({
      context: 'docker/a',
      args: { X: 'y' },
      tags: ['a:1'],
    });
  });
});

describe('findBakeInvocations', () => {
  const exists = (rel: string) =>
    ['a.hcl', 'ci/b.hcl', 'docker/docker-bake.hcl', 'docker/c.hcl'].includes(rel);

  test('shell and Makefile lines; -f, --file, --file=; the folder where every file exists', () => {
    expect(
      findBakeInvocations('docker buildx bake -f a.hcl --file ci/b.hcl all\n', 'build.sh', exists),
    ).toEqual([{ files: ['a.hcl', 'ci/b.hcl'], cwd: '.', file: 'build.sh', line: 1 }]);
    expect(findBakeInvocations('build:\n\tdocker bake --file=c.hcl\n', 'docker/Makefile', exists)).toEqual([
      { files: ['docker/c.hcl'], cwd: 'docker', file: 'docker/Makefile', line: 2 },
    ]);
    expect(findBakeInvocations('cd docker && docker buildx bake\n', 'docker/run.sh', exists)).toEqual([
      { files: ['docker/docker-bake.hcl'], cwd: 'docker', file: 'docker/run.sh', line: 1 },
    ]);
    expect(findBakeInvocations('docker buildx bake -f $FILE\n', 'x.sh', exists)).toEqual([]);
  });

  test('CI: run steps and docker/bake-action files and workdir', () => {
    const workflow = dedent(`
      jobs:
        build:
          steps:
            - run: docker buildx bake -f a.hcl
            - uses: docker/bake-action@v6
              with:
                workdir: docker
                files: |
                  docker-bake.hcl
                  c.hcl
    `);
    expect(findBakeInvocations(workflow, '.github/workflows/ci.yml', exists)).toEqual([
      {
        files: ['docker/docker-bake.hcl', 'docker/c.hcl'],
        cwd: 'docker',
        file: '.github/workflows/ci.yml',
        line: 5,
      },
      { files: ['a.hcl'], cwd: '.', file: '.github/workflows/ci.yml', line: 4 },
    ]);
  });
});

describe('bake files no invocation names', () => {
  test('generated per-version files are bake files; paths are found from the folder bake runs in', async () => {
    const root = await testdir({
      // The Makefile names the file through a variable: the folder is found from the paths that exist.
      Makefile: 'bake:\n\tdocker buildx bake -f $(BAKE_JSON) $(BAKE_GROUP)\n',
      'bakefiles/1.2.docker-bake.json': JSON.stringify({
        group: { default: { targets: ['core'] } },
        target: {
          core: { context: './', dockerfile: 'dockerfiles/core_1.2.Dockerfile', tags: ['acme/core:1.2'] },
        },
      }),
      'dockerfiles/core_1.2.Dockerfile': 'FROM ubuntu:noble\n',
    });
    const d = await discover(root);
    expect(d.definitions.filter((x) => x.origin.kind === 'bake')).toMatchObject([
      { context: '.', dockerfile: 'dockerfiles/core_1.2.Dockerfile', tags: ['acme/core:1.2'] },
    ]);
    expect(d.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });

  test('a template whose Dockerfiles exist nowhere is left out with a note, not an error', async () => {
    const root = await testdir({
      'templates/main.docker-bake.json': JSON.stringify({
        target: { core: { context: './', dockerfile: 'dockerfiles/core_{{version}}.Dockerfile' } },
      }),
      Dockerfile: 'FROM scratch\n',
    });
    const d = await discover(root);
    expect(d.definitions.filter((x) => x.origin.kind === 'bake')).toEqual([]);
    expect(d.diagnostics.map((x) => [x.code, x.severity])).toEqual([['STRATA_BAKE_NOT_BUILT', 'info']]);
  });
});

describe('strata bake keeps the variables of the repository', () => {
  test('tags and args made of variables are written as variable blocks and ${VAR}, not frozen', async () => {
    const root = await testdir(SPLIT_FILES);
    const bake = toBakeFile(await scan(root));
    expect(bake.variable).toEqual({ VERSION: { default: '1.4' } });
    const base = Object.values(bake.target).find((t) => t.tags?.some((tag) => tag.includes('cu1300')));
    // REGISTRY is a top-level attribute (frozen); the replace() of the matrix value stays text.
    expect(base?.tags).toEqual(['acme/base:${VERSION}-cu1300']);
    // lower() of a variable cannot be a template: frozen.
    expect(Object.values(bake.target).find((t) => t.tags?.includes('acme/app:1.4'))).toBeDefined();
  });
});
