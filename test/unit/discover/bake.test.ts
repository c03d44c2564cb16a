// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { describe, expect, test } from 'vitest';
import { parseBake } from '../../../src/discover/bake.js';
import { dedent } from '../../helpers/testdir.js';

const parse = (text: string, file = 'docker-bake.hcl', env: Record<string, string> = {}) =>
  parseBake(dedent(text), file, '/repo', env);

const HCL = `
  variable "REGISTRY" {
    default = "ghcr.io/acme"
  }
  variable "TAG" {
    default = "latest"
  }
  variable "IMAGE_PREFIX" {
    default = "\${REGISTRY}/whisperx"
  }
  group "default" {
    targets = ["base-cpu", "asr"]
  }
  target "base-cpu" {
    context = "docker/base"
    dockerfile = "Dockerfile.cpu"
    tags = ["\${IMAGE_PREFIX}-base:cpu", "base:cpu"]
    args = {
      PYTHON_VERSION = "3.11"
    }
    platforms = ["linux/amd64"]
  }
  target "asr" {
    context = "stages/asr"
    contexts = {
      base = "target:base-cpu"
      models = "../models"
      alpine = "docker-image://alpine:3.20"
    }
    target = "runtime"
    tags = ["\${IMAGE_PREFIX}-asr:\${TAG}"]
  }
`;

describe('parseBake (HCL)', () => {
  test('targets with variables, contexts, args, tags, platforms; paths from the bake file folder', () => {
    const r = parse(HCL, 'build/docker-bake.hcl');
    expect(r.diagnostics).toEqual([]);
    expect(r.definitions).toMatchObject([
      {
        origin: { kind: 'bake', file: 'build/docker-bake.hcl', line: 22, name: 'asr' },
        context: 'build/stages/asr',
        dockerfile: 'build/stages/asr/Dockerfile',
        target: 'runtime',
        args: {},
        tags: ['ghcr.io/acme/whisperx-asr:latest'],
        contexts: { base: 'target:base-cpu', models: 'models', alpine: 'docker-image://alpine:3.20' },
        platforms: [],
      },
      {
        origin: { kind: 'bake', file: 'build/docker-bake.hcl', line: 13, name: 'base-cpu' },
        context: 'build/docker/base',
        dockerfile: 'build/docker/base/Dockerfile.cpu',
        args: { PYTHON_VERSION: '3.11' },
        tags: ['ghcr.io/acme/whisperx-base:cpu', 'base:cpu'],
        contexts: {},
        platforms: ['linux/amd64'],
      },
    ]);
    expect(r.groups).toEqual({ default: ['base-cpu', 'asr'] });
  });

  test('the environment overrides variable defaults, also inside other defaults', () => {
    const r = parse(HCL, 'docker-bake.hcl', { TAG: 'v2', REGISTRY: 'localhost:5000' });
    expect(r.definitions.map((d) => d.tags)).toEqual([
      ['localhost:5000/whisperx-asr:v2'],
      ['localhost:5000/whisperx-base:cpu', 'base:cpu'],
    ]);
  });

  test('inherits: recursive, maps merged, the child wins; abstract parents are not images', () => {
    const r = parse(`
      target "_common" {
        args = {
          A = "1"
          B = "1"
        }
        platforms = ["linux/amd64"]
      }
      target "gpu" {
        inherits = ["_common"]
        args = {
          B = "2"
          CUDA = "12.4"
        }
      }
      target "worker-gpu" {
        inherits = ["gpu"]
        context = "worker"
        tags = ["worker:gpu"]
        args = {
          C = "3"
        }
      }
    `);
    expect(r.definitions.map((d) => d.origin.name)).toEqual(['worker-gpu']);
    expect(r.definitions[0]).toMatchObject({
      context: 'worker',
      args: { A: '1', B: '2', CUDA: '12.4', C: '3' },
      platforms: ['linux/amd64'],
      tags: ['worker:gpu'],
    });
  });

  test('an inherits cycle is an error that names it, and does not hang', () => {
    const r = parse(`
      target "a" {
        inherits = ["b"]
        tags = ["a"]
      }
      target "b" {
        inherits = ["a"]
        tags = ["b"]
      }
      target "c" {
        inherits = ["missing"]
        tags = ["c"]
      }
    `);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain('STRATA_BAKE_INHERITS_CYCLE');
    expect(codes).toContain('STRATA_BAKE_UNKNOWN_TARGET');
    expect(r.diagnostics.find((d) => d.code === 'STRATA_BAKE_INHERITS_CYCLE')?.message).toMatch(
      /a -> b -> a|b -> a -> b/,
    );
    expect(r.definitions.map((d) => d.origin.name)).toEqual(['a', 'b', 'c']);
  });

  test('matrix: one definition per combination, named by name; groups expand to them', () => {
    const r = parse(`
      group "default" {
        targets = ["stage"]
      }
      target "stage" {
        name = "stage-\${item}-\${dev}"
        matrix = {
          item = ["asr", "diarize"]
          dev = ["cpu", "cuda"]
        }
        context = "stages/\${item}"
        dockerfile = "Dockerfile.\${dev}"
        tags = ["\${item}:\${dev}"]
        args = {
          DEVICE = "\${dev}"
        }
      }
    `);
    const rows = r.definitions.map((d) => [d.origin.name, d.dockerfile, d.tags[0], d.args.DEVICE]);
    expect(rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['stage-asr-cpu', 'stages/asr/Dockerfile.cpu', 'asr:cpu', 'cpu'],
      ['stage-asr-cuda', 'stages/asr/Dockerfile.cuda', 'asr:cuda', 'cuda'],
      ['stage-diarize-cpu', 'stages/diarize/Dockerfile.cpu', 'diarize:cpu', 'cpu'],
      ['stage-diarize-cuda', 'stages/diarize/Dockerfile.cuda', 'diarize:cuda', 'cuda'],
    ]);
    expect(r.groups.default?.sort()).toEqual([
      'stage-asr-cpu',
      'stage-asr-cuda',
      'stage-diarize-cpu',
      'stage-diarize-cuda',
    ]);
  });

  test('matrix values can be objects; a matrix without name is an error', () => {
    const r = parse(`
      target "svc" {
        name = "svc-\${s.name}"
        matrix = {
          s = [
            {
              name = "api"
              dir = "backend"
            },
            {
              name = "web"
              dir = "frontend"
            }
          ]
        }
        context = "\${s.dir}"
      }
      target "bad" {
        matrix = {
          x = ["1", "2"]
        }
      }
    `);
    expect(r.definitions.map((d) => [d.origin.name, d.context])).toEqual([
      ['svc-api', 'backend'],
      ['svc-web', 'frontend'],
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['STRATA_BAKE_MATRIX_NAME']);
  });

  test('nested groups flatten; unknown group members are warnings', () => {
    const r = parse(`
      group "default" {
        targets = ["bases", "app"]
      }
      group "bases" {
        targets = ["base", "ghost"]
      }
      target "base" {
        tags = ["base"]
      }
      target "app" {
        tags = ["app"]
      }
    `);
    expect(r.groups).toEqual({ default: ['base', 'ghost', 'app'], bases: ['base', 'ghost'] });
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toContainEqual([
      'STRATA_BAKE_UNKNOWN_TARGET',
      'warning',
    ]);
  });

  test('dockerfile-inline, remote context, expressions strata cannot evaluate are kept and reported', () => {
    const r = parse(`
      target "inline" {
        dockerfile-inline = "FROM alpine\\nRUN true\\n"
      }
      target "remote" {
        context = "https://github.com/acme/app.git"
      }
      target "fn" {
        tags = ["app:\${upper("x")}", "app:\${lower(MISSING)}", "app:\${timestamp()}"]
      }
      target "escaped" {
        tags = ["app:$\${literal}"]
      }
    `);
    const by = Object.fromEntries(r.definitions.map((d) => [d.origin.name, d]));
    expect(by.inline?.dockerfileInline).toBe('FROM alpine\nRUN true\n');
    expect(by.inline?.dockerfile).toBeUndefined();
    expect(by.remote).toMatchObject({ remoteContext: true, context: 'https://github.com/acme/app.git' });
    expect(by.fn?.tags).toEqual(['app:X', 'app:${lower(MISSING)}', 'app:${timestamp()}']);
    expect(r.diagnostics.filter((d) => d.code === 'STRATA_BAKE_UNRESOLVED')).toMatchObject([
      { severity: 'warning', message: expect.stringContaining('MISSING is not defined') },
      { severity: 'info', message: expect.stringContaining('known only when the build runs') },
    ]);
    // `$${` is HCL's escape for a literal `${`.
    expect(by.escaped?.tags).toEqual(['app:${literal}']);
  });

  test('bad HCL is one diagnostic with the line of the error', () => {
    const r = parse(`
      target "ok" {
        tags = ["ok"]
      }

      target "broken" {
        tags = [
      }
    `);
    expect(r.definitions).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'STRATA_BAKE_SYNTAX', severity: 'error', line: 7 });
  });
});

describe('parseBake (JSON)', () => {
  test('the same model from docker-bake.json', () => {
    const r = parse(
      `
      {
        "variable": { "TAG": { "default": "dev" } },
        "group": { "default": { "targets": ["api"] } },
        "target": {
          "api": {
            "context": "api",
            "dockerfile": "Dockerfile.prod",
            "tags": ["api:\${TAG}"],
            "args": { "X": "1" },
            "contexts": { "base": "target:base" }
          },
          "base": { "context": "base", "tags": ["base"] }
        }
      }
    `,
      'docker-bake.json',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.groups).toEqual({ default: ['api'] });
    expect(
      r.definitions.map((d) => [d.origin.name, d.origin.line, d.dockerfile, d.tags, d.contexts]),
    ).toEqual([
      ['api', 5, 'api/Dockerfile.prod', ['api:dev'], { base: 'target:base' }],
      ['base', 12, 'base/Dockerfile', ['base'], {}],
    ]);
  });

  test('bad JSON is one diagnostic with a line', () => {
    const r = parse('{\n  "target": {\n    "a": { "context": "x", }\n  }\n}\n', 'docker-bake.json');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'STRATA_BAKE_SYNTAX', line: 3 });
  });
});
