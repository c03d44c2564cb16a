import { describe, expect, test } from 'vitest';
import { configDefinitions, loadStrataConfig, parseStrataConfig } from '../../../src/discover/config.js';
import { dedent, testdir } from '../../helpers/testdir.js';

describe('parseStrataConfig', () => {
  test('images, exclude, lint and build sections', () => {
    const { config, diagnostics } = parseStrataConfig(
      dedent(`
        version: 1
        exclude: [vendor/, "**/testdata/"]
        images:
          base-ml:
            dockerfile: docker/base-ml/Dockerfile.cuda
            tags: base-ml:cuda
            args: { CUDA: 12.4, TORCH: "2.3" }
            platforms: [linux/amd64]
          api:
            context: backend
            tags: [api:latest, api:dev]
            target: runtime
            contexts: { base: "target:base-ml", data: ./data }
        lint:
          ignore: [DL3008]
        build:
          concurrency: 2
      `),
      'strata.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.exclude).toEqual(['vendor/', '**/testdata/']);
    expect(config.lint).toEqual({ ignore: ['DL3008'] });
    expect(config.build).toEqual({ concurrency: 2 });
    expect(configDefinitions(config, 'strata.yaml')).toEqual([
      {
        origin: { kind: 'config', file: 'strata.yaml', line: 4, name: 'base-ml' },
        dockerfile: 'docker/base-ml/Dockerfile.cuda',
        context: 'docker/base-ml',
        args: { CUDA: '12.4', TORCH: '2.3' },
        tags: ['base-ml:cuda'],
        contexts: {},
        platforms: ['linux/amd64'],
      },
      {
        origin: { kind: 'config', file: 'strata.yaml', line: 9, name: 'api' },
        dockerfile: 'backend/Dockerfile',
        context: 'backend',
        target: 'runtime',
        args: {},
        tags: ['api:latest', 'api:dev'],
        contexts: { base: 'target:base-ml', data: 'data' },
        platforms: [],
      },
    ]);
  });

  test('unknown keys are warnings with their line; wrong types are errors and skipped', () => {
    const { config, diagnostics } = parseStrataConfig(
      dedent(`
        images:
          api:
            dockerfile: api/Dockerfile
            tag: api
            dockerfle: typo
          broken:
            tags: [a]
          worse: 12
          args:
            dockerfile: x/Dockerfile
            args: [A=1]
        exclude: vendor
        lnit: {}
      `),
      'strata.yaml',
    );
    expect(Object.keys(config.images)).toEqual(['api', 'args']);
    expect(config.images.api?.tags).toEqual(['api']);
    expect(config.exclude).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', 13, 'strata.yaml: unknown key `lnit`'],
      ['error', 12, '`exclude` must be a list of glob patterns'],
      ['warning', 5, 'image api: unknown key `dockerfle`'],
      ['error', 6, 'image broken names neither a dockerfile nor a context'],
      ['error', 8, 'image worse must be a mapping'],
      ['error', 11, 'image args: `args` must be a mapping of names to values'],
    ]);
  });

  test('invalid YAML is one error with its line; an empty file is an empty config', () => {
    const bad = parseStrataConfig('images:\n  a: [\n', 'strata.yaml');
    expect(bad.diagnostics).toMatchObject([{ code: 'STRATA_CONFIG_YAML', severity: 'error' }]);
    expect(bad.diagnostics[0]?.line).toBeTypeOf('number');
    expect(parseStrataConfig('', 'strata.yaml')).toEqual({
      config: { images: {}, exclude: [] },
      diagnostics: [],
    });
    expect(parseStrataConfig('- a\n', 'strata.yaml').diagnostics[0]?.severity).toBe('error');
  });
});

describe('loadStrataConfig', () => {
  test('finds strata.yaml or strata.yml; none is fine', async () => {
    expect(await loadStrataConfig(await testdir({ 'strata.yml': 'exclude: [a/]\n' }))).toMatchObject({
      file: 'strata.yml',
      config: { exclude: ['a/'] },
    });
    expect(await loadStrataConfig(await testdir({ 'x.txt': '' }))).toEqual({
      config: { images: {}, exclude: [] },
      diagnostics: [],
    });
  });
});
