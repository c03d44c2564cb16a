import { describe, expect, it } from 'vitest';
import { toScanJson } from '../../../src/graph/index.js';
import { scan, scanRepository } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

const ids = (list: { id: string }[]) => list.map((i) => i.id).sort();
const parentsOf = (graph: Awaited<ReturnType<typeof scan>>, id: string) =>
  graph.edges
    .filter((e) => e.child === id)
    .map((e) => e.parent)
    .sort();

describe('scan: the image graph', () => {
  it('links images by the tags compose gives them and orders them in waves', async () => {
    const root = await testdir({
      'docker-compose.yml': dedent(`
        services:
          base:
            image: acme/base:1
            build: ./base
          api:
            image: acme/api:latest
            build:
              context: ./api
            depends_on: [base]
          worker:
            build:
              context: ./worker
              dockerfile: worker.Dockerfile
      `),
      'base/Dockerfile': 'FROM debian:bookworm-slim\nRUN echo base\n',
      'api/Dockerfile': 'FROM acme/base:1\nCOPY . /app\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile variable syntax
      'worker/worker.Dockerfile': 'ARG BASE=acme/base:1\nFROM ${BASE}\nCOPY --from=acme/api /app /app\n',
    });
    const graph = await scan(root);
    expect(ids(graph.images)).toEqual(['api', 'base', 'worker']);
    expect(parentsOf(graph, 'api')).toEqual(['base']);
    expect(parentsOf(graph, 'worker')).toEqual(['api', 'base']);
    expect(graph.waves).toEqual([['base'], ['api'], ['worker']]);
    expect(graph.externalBases.map((b) => b.ref.familiar)).toEqual(['debian:bookworm-slim']);
    expect(graph.images.find((i) => i.id === 'base')?.role).toBe('system-base');
    expect(graph.images.find((i) => i.id === 'api')?.role).toBe('shared-base');
    expect(graph.images.find((i) => i.id === 'worker')?.role).toBe('service');
  });

  it('infers a link from a folder named like the image, with its evidence', async () => {
    const root = await testdir({
      'backend/docker/base-python-pose/Dockerfile': 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n',
      'backend/pose-service/Dockerfile': 'FROM base-python-pose:latest\nCOPY app.py /app/\n',
    });
    const graph = await scan(root);
    const edge = graph.edges.find((e) => e.child === 'pose-service');
    expect(edge?.parent).toBe('base-python-pose');
    expect(edge?.inferred?.reason).toBe('folder-name');
    expect(edge?.inferred?.file).toBe('backend/docker/base-python-pose/Dockerfile');
    expect(graph.images.find((i) => i.id === 'base-python-pose')?.tags).toContain('base-python-pose:latest');
    expect(graph.waves).toEqual([['base-python-pose'], ['pose-service']]);
  });

  it('reports a cycle as an error that names it', async () => {
    const root = await testdir({
      'docker-compose.yml': dedent(`
        services:
          a: { image: "a:1", build: ./a }
          b: { image: "b:1", build: ./b }
      `),
      'a/Dockerfile': 'FROM b:1\n',
      'b/Dockerfile': 'FROM a:1\n',
    });
    const graph = await scan(root);
    expect(graph.cycles).toEqual([['a', 'b', 'a']]);
    const d = graph.diagnostics.find((x) => x.code === 'STRATA_GRAPH_CYCLE');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('a -> b -> a');
  });

  it('warns about a FROM that looks like ours but that nothing builds, with candidates', async () => {
    const root = await testdir({
      'docker-compose.yml':
        'services:\n  ml:\n    image: team/base-ml:cuda\n    build: ./base-ml\n  asr:\n    build: ./asr\n',
      'base-ml/Dockerfile': 'FROM ubuntu:22.04\n',
      'asr/Dockerfile': 'FROM team/base-mll:cuda\n',
    });
    const graph = await scan(root);
    const d = graph.diagnostics.find((x) => x.code === 'STRATA_GRAPH_UNBUILT_BASE');
    expect(d?.file).toBe('asr/Dockerfile');
    expect(d?.line).toBe(1);
    expect(d?.hint).toContain('team/base-ml:cuda');
  });

  it('lists bases that nothing uses', async () => {
    const root = await testdir({
      'docker/base-cpu/Dockerfile': 'FROM debian:12\n',
      'docker/base-gpu/Dockerfile': 'FROM debian:12\n',
      'app/Dockerfile': 'FROM base-cpu\n',
    });
    const graph = await scan(root);
    expect(graph.unused).toEqual(['base-gpu']);
  });

  it('links bake targets through contexts and records pinned external bases', async () => {
    const root = await testdir({
      'docker-bake.hcl': dedent(`
        group "default" {
          targets = ["app"]
        }
        target "base" {
          context = "base"
        }
        target "app" {
          context = "app"
          contexts = {
            base = "target:base"
          }
        }
      `),
      'base/Dockerfile':
        'FROM python:3.12-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
      'app/Dockerfile': 'FROM base\nCOPY . /app\n',
    });
    const graph = await scan(root);
    expect(parentsOf(graph, 'app')).toEqual(['base']);
    expect(graph.externalBases[0]?.pinned).toBe(true);
    expect(graph.waves).toEqual([['base'], ['app']]);
  });

  it('keeps going past bad files and reports each on one line with its file', async () => {
    const root = await testdir({
      'docker-compose.yml': 'services:\n  a: [unclosed\n',
      'good/Dockerfile': 'FROM debian:12\n',
      'empty/Dockerfile': '',
    });
    const { graph } = await scanRepository(root);
    expect(ids(graph.images)).toContain('good');
    const files = graph.diagnostics.map((d) => d.file);
    expect(files).toContain('docker-compose.yml');
    expect(graph.diagnostics.find((d) => d.code === 'STRATA_DOCKERFILE_EMPTY')?.file).toBe(
      'empty/Dockerfile',
    );
  });

  it('produces the documented JSON shape', async () => {
    const root = await testdir({
      'docker-compose.yml':
        'services:\n  api:\n    build: .\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n',
      Dockerfile:
        'FROM python:3.12-slim AS build\nRUN true\nFROM python:3.12-slim\nCOPY --from=build /x /x\n',
    });
    const json = toScanJson(await scan(root), '.');
    expect(json.version).toBe(1);
    const api = json.images[0]!;
    expect(api).toMatchObject({ id: 'api', dockerfile: 'Dockerfile', context: '.', gpu: true, parents: [] });
    expect(api.stages.map((s) => s.name ?? s.index)).toEqual(['build', 1]);
    expect(api.externalBases).toEqual(['python:3.12-slim']);
    expect(json.waves).toEqual([['api']]);
  });
});

describe('scan: unused bases', () => {
  it('counts a compose service that runs a base by image: as a use', async () => {
    const root = await testdir({
      'docker/base-cpu/Dockerfile': 'FROM debian:12\n',
      'docker-compose.yml': 'services:\n  tool:\n    image: base-cpu:latest\n',
    });
    const graph = await scan(root);
    expect(graph.unused).toEqual([]);
  });
});

describe('scan: links from build-script lines', () => {
  it('infers a link from a script line whose tag has a variable it cannot resolve', async () => {
    const root = await testdir({
      'build.sh': 'docker build -t "$REGISTRY/base-ml:cuda" -f docker/base-ml/Dockerfile .\n',
      'docker/base-ml/Dockerfile': 'FROM ubuntu:22.04\n',
      'docker/asr/Dockerfile': 'FROM team/base-ml:cuda\n',
    });
    const graph = await scan(root);
    const edge = graph.edges.find((e) => e.child === 'asr');
    expect(edge?.inferred?.reason).toBe('script-line');
    expect(edge?.inferred?.file).toBe('build.sh');
    expect(edge?.inferred?.line).toBe(1);
  });
});

describe('scan: remote build contexts', () => {
  it('never takes the Dockerfile of a remote context for a file of the repository', async () => {
    const root = await testdir({
      'docker-compose.yml':
        'services:\n  api:\n    image: acme/api:1\n    build:\n      context: https://example.invalid/acme/api.git#main\n      dockerfile: docker/Dockerfile\n',
      Dockerfile: 'FROM debian:12\n',
    });
    const { graph } = await scanRepository(root);
    const api = graph.images.find((i) => i.id === 'api')!;
    expect(api.dockerfile).toBe('<remote:https://example.invalid/acme/api.git#main:docker/Dockerfile>');
    expect(api.resolved).toBeUndefined();
    expect(graph.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
