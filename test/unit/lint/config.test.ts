import { describe, expect, test } from 'vitest';
import {
  defaultLintConfig,
  effectiveSeverity,
  isRuleEnabled,
  LINT_SETTINGS,
  lintConfigFromFlags,
  mergeLintConfig,
  reachesThreshold,
  validateLintConfig,
} from '../../../src/lint/config.js';
import { findRule, ruleMetas } from '../../../src/lint/registry.js';
import { lintRepository } from '../../../src/lint/repository.js';
import { dedent, testdir } from '../../helpers/testdir.js';
import { enablingAll } from './helpers.js';

const metas = ruleMetas();

describe('lint config', () => {
  test('validates the lint section of strata.yaml', () => {
    const { config, warnings, errors } = validateLintConfig(
      {
        ignore: ['DL3015', 'copy-not-add'],
        enable: ['apt-pin-versions'],
        severity: { 'from-latest': 'error', DL3059: 'off' },
        'trusted-registries': ['ghcr.io/acme/', 'docker.io'],
        failureThreshold: 'warning',
        rules: { 'pip-no-cache-dir': { strict: true } },
      },
      metas,
      'strata.yaml',
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      ignore: ['apt-no-install-recommends', 'copy-not-add'],
      enable: ['apt-pin-versions'],
      severity: { 'from-latest': 'error', 'consecutive-run': 'off' },
      trustedRegistries: ['ghcr.io/acme', 'docker.io'],
      failureThreshold: 'warning',
      rules: { 'pip-no-cache-dir': { strict: true } },
    });
  });

  test('unknown keys and rules are warnings, wrong types are errors', () => {
    const r = validateLintConfig(
      { ignroe: ['x'], ignore: ['no-such-rule'], severity: { 'from-latest': 'loud' }, failureThreshold: 3 },
      metas,
      'strata.yaml',
    );
    expect(r.warnings.map((w) => w.message)).toEqual([
      'strata.yaml: unknown key `lint.ignroe` ignored',
      'strata.yaml: `lint.ignore` names unknown rule "no-such-rule"',
    ]);
    expect(r.errors).toHaveLength(2);
    expect(r.errors.every((e) => e.file === 'strata.yaml' && e.severity === 'error')).toBe(true);
    expect(validateLintConfig('nope', metas).errors).toHaveLength(1);
  });

  test('every flag of the table has a config key and the flags parse to the same config', () => {
    expect(LINT_SETTINGS.filter((s) => s.flag).map((s) => s.flag!.split(' ')[0])).toEqual([
      '--ignore',
      '--enable',
      '--severity',
      '--trusted-registry',
      '--failure-threshold',
    ]);
    const fromFlags = lintConfigFromFlags(
      {
        ignore: ['DL3015'],
        enable: ['apt-pin-versions'],
        severity: ['from-latest=error'],
        trustedRegistry: ['ghcr.io/acme'],
        failureThreshold: 'info',
      },
      metas,
    );
    const fromFile = validateLintConfig(
      {
        ignore: ['DL3015'],
        enable: ['apt-pin-versions'],
        severity: { 'from-latest': 'error' },
        trustedRegistries: ['ghcr.io/acme'],
        failureThreshold: 'info',
      },
      metas,
    );
    expect(fromFlags).toEqual(fromFile);
  });

  test('flags win over the file', () => {
    const file = {
      ...defaultLintConfig(),
      ignore: ['a'],
      severity: { x: 'info' as const },
      failureThreshold: 'warning' as const,
    };
    const flags = { ...defaultLintConfig(), ignore: ['b'], severity: { x: 'error' as const } };
    expect(mergeLintConfig(file, flags, false)).toMatchObject({
      ignore: ['a', 'b'],
      severity: { x: 'error' },
      failureThreshold: 'warning',
    });
    expect(mergeLintConfig(file, flags, true).failureThreshold).toBe('error');
  });

  test('enabled rules, severity overrides and the threshold', () => {
    const pin = findRule('DL3008')!.meta;
    const add = findRule('copy-not-add')!.meta;
    const config = {
      ...defaultLintConfig(),
      enable: ['apt-pin-versions'],
      severity: { 'copy-not-add': 'info' as const },
    };
    expect(isRuleEnabled(pin, defaultLintConfig())).toBe(false);
    expect(isRuleEnabled(pin, config)).toBe(true);
    expect(effectiveSeverity(add, config)).toBe('info');
    expect(isRuleEnabled(add, { ...config, severity: { 'copy-not-add': 'off' } })).toBe(false);
    expect(reachesThreshold('warning', 'error')).toBe(false);
    expect(reachesThreshold('error', 'warning')).toBe(true);
    expect(reachesThreshold('info', 'info')).toBe(true);
    expect(reachesThreshold('error', 'none')).toBe(false);
  });

  test('strata.yaml is read by lintRepository; its problems are reported', async () => {
    const root = await testdir({
      'strata.yaml': dedent(`
        lint:
          ignore: [copy-not-add]
          failureThreshold: warning
          severity:
            from-latest: sometimes
      `),
      Dockerfile: 'FROM alpine:latest\nADD a.py /a/\n',
    });
    const result = await lintRepository(root);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('copy-not-add');
    expect(result.config.failureThreshold).toBe('warning');
    expect(result.problems.map((p) => p.code)).toContain('STRATA_LINT_CONFIG');
    expect(result.failed).toBe(true);
  });
});

describe('.hadolint.yaml', () => {
  test('is translated when strata.yaml has no lint section', async () => {
    const root = await testdir({
      '.hadolint.yaml': dedent(`
        ignored:
          - DL3020
          - SC2086
        override:
          error: [DL3007]
          style: [DL3059]
        trustedRegistries: [docker.io]
        failure-threshold: warning
      `),
      Dockerfile: 'FROM alpine:latest\nADD a.py /a/\n',
    });
    const hygiene = (await import('../../../src/lint/rules/hygiene/index.js')).rules;
    const result = await lintRepository(root, {
      rules: hygiene,
      overrides: { ...enablingAll(hygiene), failureThreshold: 'warning' },
      thresholdSet: false,
    });
    expect(result.config).toMatchObject({
      ignore: ['copy-not-add'],
      severity: { 'from-latest': 'error', 'consecutive-run': 'info' },
      trustedRegistries: ['docker.io'],
      failureThreshold: 'warning',
    });
    expect(result.diagnostics.map((d) => `${d.code}:${d.severity}`)).toEqual(['from-latest:error']);
    expect(result.problems.map((p) => p.message)).toEqual([
      '.hadolint.yaml: strata has no rule for SC2086; those settings are skipped',
    ]);
  });

  test('strata.yaml lint section wins over .hadolint.yaml', async () => {
    const root = await testdir({
      '.hadolint.yaml': 'ignored: [DL3007]\n',
      'strata.yaml': 'lint:\n  ignore: [copy-not-add]\n  enable: [from-latest]\n',
      Dockerfile: 'FROM alpine:latest\nADD a.py /a/\n',
    });
    const result = await lintRepository(root, {
      rules: (await import('../../../src/lint/rules/hygiene/index.js')).rules,
    });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['from-latest']);
  });
});

describe('per-rule options', () => {
  test('lint.rules.secret-in-env-arg.allow names that are not secrets here', async () => {
    const { rules } = await import('../../../src/lint/rules/security/index.js');
    const root = await testdir({
      'strata.yaml':
        'lint:\n  enable: [secret-in-env-arg]\n  rules:\n    secret-in-env-arg:\n      allow: [BUILD_TOKEN]\n',
      Dockerfile: 'FROM alpine:3.19\nARG BUILD_TOKEN\nARG NPM_TOKEN\nUSER nobody\n',
    });
    const result = await lintRepository(root, { rules });
    expect(result.diagnostics.filter((d) => d.code === 'secret-in-env-arg').map((d) => d.line)).toEqual([3]);
  });
});
