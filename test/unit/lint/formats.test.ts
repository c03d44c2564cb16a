import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LintResult } from '../../../src/lint/engine.js';
import { escapeData, escapeProperty, formatGithub } from '../../../src/lint/format/github.js';
import { formatLintResult } from '../../../src/lint/format/index.js';
import { toJsonReport } from '../../../src/lint/format/json.js';
import { toSarif } from '../../../src/lint/format/sarif.js';
import { formatText } from '../../../src/lint/format/text.js';
import { lintRepository } from '../../../src/lint/repository.js';
import { rules as hygiene } from '../../../src/lint/rules/hygiene/index.js';
import { rules as security } from '../../../src/lint/rules/security/index.js';
import { dedent, testdir } from '../../helpers/testdir.js';
import { enablingAll, FIXTURES } from './helpers.js';

/**
 * The SARIF 2.1.0 JSON schema as published with the OASIS standard's final drafts (2.1.0-rtm.5, JSON
 * Schema draft-04), as shipped in @microsoft/jest-sarif.
 */
const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode RegExp accepts.
const require = createRequire(import.meta.url);
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

async function sample(): Promise<LintResult> {
  const root = await testdir({
    'svc/Dockerfile': dedent(`
      FROM python:latest
      # strata ignore=no-such-rule
      ADD app.py /app/
      RUN pip install flask
      CMD python app.py
    `),
    'web/Dockerfile': dedent(`
      FROM node:20-slim
      RUN npm ci
      RUN npm run build
    `),
    'compose.yaml': dedent(`
      services:
        api:
          build: ./svc
        web:
          build: ./web
    `),
  });
  return lintRepository(root, {
    rules: [...hygiene, ...security],
    overrides: enablingAll([...hygiene, ...security]),
  });
}

describe('output formats', () => {
  test('text groups by file with file:line:col, rule, severity, message and fix', async () => {
    const text = formatText(await sample());
    expect(text).toContain(
      'svc/Dockerfile\n  svc/Dockerfile:1:1 warning from-latest FROM python:latest uses the latest tag',
    );
    expect(text).toContain('  svc/Dockerfile:3:1 error copy-not-add ADD of local file app.py');
    expect(text).toContain('      fix: replace ADD with COPY');
    expect(text).toContain(
      '  svc/Dockerfile:2 warning STRATA_LINT_PRAGMA pragma names unknown rule "no-such-rule"',
    );
    expect(text.indexOf('svc/Dockerfile\n')).toBeLessThan(text.indexOf('web/Dockerfile\n'));
    expect(text.trimEnd().split('\n').pop()).toMatch(
      /^\d+ problems \(1 error, \d+ warnings, \d+ info\) in 2 Dockerfiles/,
    );
  });

  test('text on a clean result says so', async () => {
    const root = await testdir({ Dockerfile: 'FROM alpine:3.19\nUSER nobody\n' });
    expect(
      formatText(await lintRepository(root, { rules: hygiene, overrides: enablingAll(hygiene) })),
    ).toMatch(/^no problems in 1 Dockerfile/);
  });

  test('json follows docs/lint-json.md', async () => {
    const report = toJsonReport(await sample(), '1.2.3');
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'strata', version: '1.2.3' });
    expect(report.summary).toMatchObject({ files: 2, errors: 1, failureThreshold: 'error', failed: true });
    expect(report.findings.find((f) => f.rule === 'copy-not-add')).toEqual({
      rule: 'copy-not-add',
      category: 'hygiene',
      severity: 'error',
      hadolint: 'DL3020',
      message: 'ADD of local file app.py: COPY does the same without surprises',
      file: 'svc/Dockerfile',
      line: 3,
      column: 1,
      endLine: 3,
      endColumn: expect.any(Number),
      fix: 'replace ADD with COPY (ADD is for remote URLs and tar archives to unpack)',
      docs: 'docs/rules/copy-not-add.md',
    });
    expect(report.problems[0]).toMatchObject({ code: 'STRATA_LINT_PRAGMA', file: 'svc/Dockerfile', line: 2 });
  });

  test('sarif validates against the SARIF 2.1.0 schema', async () => {
    const result = await sample();
    const log = toSarif(result, { toolVersion: '0.1.0' });
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('copy-not-add');
    const rule = run.tool.driver.rules.find((r) => r.id === 'copy-not-add')!;
    expect(rule.helpUri).toMatch(/^file:\/\/.*\/docs\/rules\/copy-not-add\.md$/);
    expect(rule.properties.hadolint).toBe('DL3020');
    const res = run.results.find((r) => r.ruleId === 'copy-not-add')!;
    expect(run.tool.driver.rules[res.ruleIndex]!.id).toBe('copy-not-add');
    expect(res.level).toBe('error');
    expect(res.locations[0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'svc/Dockerfile', uriBaseId: 'SRCROOT' },
      region: { startLine: 3, startColumn: 1 },
    });
    expect(run.invocations[0]!.toolExecutionNotifications[0]!.descriptor.id).toBe('STRATA_LINT_PRAGMA');
  });

  test('sarif of an inline Dockerfile (compose dockerfile_inline) still validates', async () => {
    const root = await testdir({
      'compose.yaml': dedent(`
        services:
          tool:
            build:
              context: .
              dockerfile_inline: |
                FROM alpine:latest
                ADD a.py /a/
      `),
    });
    const result = await lintRepository(root, { rules: hygiene, overrides: enablingAll(hygiene) });
    expect(result.diagnostics.map((d) => d.code)).toContain('copy-not-add');
    expect(result.diagnostics[0]!.file).toMatch(/^<inline:/);
    const log = toSarif(result, { toolVersion: '0.1.0' });
    expect(validateSarif(log)).toBe(true);
    expect(validateSarif.errors ?? []).toEqual([]);
  });

  test('sarif with a docs base URL and an empty result still validates', async () => {
    const root = await testdir({ Dockerfile: 'FROM alpine:3.19\nUSER nobody\n' });
    const result = await lintRepository(root, { rules: hygiene, overrides: enablingAll(hygiene) });
    const log = toSarif(result, {
      toolVersion: '0.1.0',
      docsBaseUrl: 'https://example.org/strata/docs/rules',
    });
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0]!.tool.driver.rules[0]!.helpUri).toMatch(
      /^https:\/\/example\.org\/strata\/docs\/rules\/[\w-]+\.md$/,
    );
    expect(log.runs[0]!.results).toEqual([]);
  });

  test('github annotations escape data and properties like the Actions toolkit', async () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    const out = formatGithub(await sample());
    expect(out).toMatch(
      /^::error file=svc\/Dockerfile,line=3,endLine=3,col=1,endColumn=\d+,title=copy-not-add::ADD of local file app\.py: COPY does the same without surprises%0Afix: replace ADD with COPY/m,
    );
    expect(out).toMatch(/^::notice file=/m);
    expect(out).toMatch(/^::warning file=svc\/Dockerfile,line=2,title=STRATA_LINT_PRAGMA::/m);
  });

  test('formatLintResult dispatches on the format name', async () => {
    const result = await sample();
    expect(JSON.parse(formatLintResult(result, 'json', { toolVersion: '1' })).version).toBe(1);
    expect(JSON.parse(formatLintResult(result, 'sarif', { toolVersion: '1' })).version).toBe('2.1.0');
    expect(formatLintResult(result, 'github', { toolVersion: '1' })).toContain('::error');
    expect(formatLintResult(result, 'text', { toolVersion: '1' })).toContain('copy-not-add');
  });
});
