import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { renderVerify } from '../../../src/cli/render/verify.js';
import { toGithubAnnotations } from '../../../src/verify/format/github.js';
import { toVerifyJson } from '../../../src/verify/format/json.js';
import { toJunitXml } from '../../../src/verify/format/junit.js';
import { countResults, type ImageVerifyResult, type VerifyResult } from '../../../src/verify/result.js';

const run = promisify(execFile);
const XSD = path.resolve(import.meta.dirname, '../../fixtures/junit/junit.xsd');

function result(): VerifyResult {
  const images: ImageVerifyResult[] = [
    {
      image: 'api',
      ref: 'demeterai-api:latest',
      imageId: 'sha256:abc',
      ok: false,
      durationMs: 2_500,
      tests: [
        {
          kind: 'metadata',
          name: 'metadata',
          status: 'passed',
          durationMs: 3,
          errors: [],
          file: 'verify/api.yaml',
          line: 3,
        },
        {
          kind: 'command',
          name: 'whoami <"&\'>',
          status: 'failed',
          durationMs: 900,
          errors: ['expected output /appuser/ not found in: root'],
          file: 'verify/api.yaml',
          line: 12,
          stdout: 'root\n\u0001',
          stderr: '',
        },
        {
          kind: 'health',
          name: 'health',
          status: 'error',
          durationMs: 60_000,
          errors: ['timed out after 60 s'],
          file: 'verify/api.yaml',
        },
        {
          kind: 'gpu',
          name: 'gpu',
          status: 'skipped',
          durationMs: 10,
          errors: [],
          reason: 'the engine has no GPU runtime; not run',
          file: 'verify/api.yaml',
          line: 40,
        },
      ],
    },
    {
      image: 'ml-worker',
      ref: 'demeterai-ml:latest',
      ok: false,
      durationMs: 0,
      tests: [],
      error: 'demeterai-ml:latest is not on the engine',
    },
  ];
  return {
    runId: '0a1b2c3d',
    ok: false,
    interrupted: false,
    durationMs: 3_000,
    counts: countResults(images),
    images,
    diagnostics: [
      {
        code: 'STRATA_VERIFY_FILE',
        severity: 'warning',
        message: 'verify/api.yaml: unknown key `x`',
        file: 'verify/api.yaml',
        line: 1,
      },
    ],
  };
}

describe('verify output formats', () => {
  it('text: an image whose tests were all left unrun does not read PASS', () => {
    const r = result();
    const img = r.images[0];
    if (!img) throw new Error('fixture');
    img.ok = true;
    img.tests = img.tests.map((t) => ({
      ...t,
      status: 'skipped',
      errors: [],
      reason: 'not run: interrupted',
    }));
    const text = renderVerify(r, pc.createColors(false));
    expect(text).toMatch(/^NOT RUN api /m);
    expect(text).not.toMatch(/^PASS api /m);
  });

  it('JSON: counts, tests with their place, output only for tests that did not pass', () => {
    const json = toVerifyJson(result());
    expect(json.version).toBe(1);
    expect(json.counts).toEqual({ passed: 1, failed: 1, error: 2, skipped: 1 });
    expect(json.images[0]?.tests[0]).toEqual({
      kind: 'metadata',
      name: 'metadata',
      status: 'passed',
      durationMs: 3,
      file: 'verify/api.yaml',
      line: 3,
      errors: [],
    });
    expect(json.images[0]?.tests[1]?.stdout).toBe('root\n\u0001');
    expect(json.images[1]?.error).toContain('not on the engine');
  });

  it('GitHub: an error per failure at its file and line, a warning per test not run, escaped', () => {
    const lines = toGithubAnnotations(result()).trim().split('\n');
    expect(lines).toEqual([
      '::warning file=verify/api.yaml,line=1,title=STRATA_VERIFY_FILE::verify/api.yaml: unknown key `x`',
      `::error file=verify/api.yaml,line=12,title=api%3A command whoami <"&'>::expected output /appuser/ not found in: root`,
      '::error file=verify/api.yaml,title=api%3A health health::timed out after 60 s',
      '::warning file=verify/api.yaml,line=40,title=api%3A gpu gpu::the engine has no GPU runtime; not run',
      '::error title=verify ml-worker::demeterai-ml:latest is not on the engine',
      '::notice title=strata verify::1 passed, 1 failed, 2 errors, 1 not run',
    ]);
  });

  it('JUnit: valid against the JUnit schema (xmllint), with failure, error and skipped cases', async () => {
    const xml = toJunitXml(result());
    expect(xml).toContain('<failure message="expected output /appuser/ not found in: root" type="command">');
    expect(xml).toContain('<skipped message="the engine has no GPU runtime; not run"/>');
    expect(xml).toContain('name="command: whoami &lt;&quot;&amp;&apos;&gt;"');
    expect(xml).not.toContain('\u0001');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-junit-'));
    const file = path.join(dir, 'report.xml');
    await fs.writeFile(file, xml);
    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, file]);
    expect(stderr).toContain('validates');
    // The schema is strict enough to reject what CI servers reject.
    await fs.writeFile(file, xml.replace('<testsuites name', '<testsuites skipped="1" name'));
    await expect(run('xmllint', ['--noout', '--schema', XSD, file])).rejects.toThrow(/skipped/);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
