import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRepository } from '../../../src/scan.js';
import { toGithubAnnotations, type VerifyResult, verify } from '../../../src/verify/index.js';
import { runVerify } from '../../../src/verify/run.js';
import { parseTestFile } from '../../../src/verify/schema.js';
import { loadTestFiles, loadVerifySection, verifyTargets } from '../../../src/verify/select.js';
import { dedent, testdir } from '../../helpers/testdir.js';

async function family() {
  const root = await testdir({
    'docker-compose.yml': dedent(`
      services:
        api:
          build: api
          image: acme/api:1
        ml-worker:
          build: worker
          image: acme/worker:1
    `),
    'api/Dockerfile': 'FROM python:3.12-slim\n',
    'worker/Dockerfile': 'FROM python:3.12-slim\n',
    'strata.yaml': dedent(`
      verify:
        api: verify/api.yaml
        "ml-*": [verify/common.yaml, verify/missing.yaml]
        acme/worker:1:
          schemaVersion: 2.0.0
          sizeTest: { maxSize: 1GB }
    `),
    'verify/api.yaml': 'schemaVersion: 2.0.0\ncommandTests: [{ name: id, command: id }]\n',
    'verify/common.yaml': 'schemaVersion: 2.0.0\nmetadataTest: { nonRoot: true }\nenvFile: x\n',
    'tests/envfile': 'A=1\n',
    'verify/broken.yaml': 'commandTests: [\n',
    'tests/cst.yaml':
      'schemaVersion: 2.0.0\ncontainerRunOptions: { envFile: tests/envfile, bindMounts: ["./data:/data"] }\n',
  });
  return { root, graph: (await scanRepository(root)).graph };
}

describe('which tests apply to which image', () => {
  it("reads strata.yaml's verify: section (ids, globs, tags, inline files), with one error per bad file", async () => {
    const { root, graph } = await family();
    const section = await loadVerifySection(root);
    expect(section.diagnostics.map((d) => [d.severity, d.file, d.message.split(':')[0]])).toEqual([
      ['warning', 'verify/common.yaml', 'verify/common.yaml'],
      ['error', 'verify/missing.yaml', 'cannot read test file verify/missing.yaml'],
    ]);
    const targets = verifyTargets(graph, [], { configFiles: [], section });
    expect(targets.map((t) => [t.name, t.ref, t.tests.map((f) => f.file)])).toEqual([
      ['api', 'acme/api:1', ['verify/api.yaml']],
      [
        'ml-worker',
        'acme/worker:1',
        ['verify/common.yaml', 'verify/missing.yaml', 'strata.yaml#verify.acme/worker:1'],
      ],
    ]);
    // The missing file still applies: its error is an errored test of the image, so the run fails.
    expect(targets[1]?.tests[1]?.readable).toBe(false);
    expect(targets[1]?.tests[1]?.broken.map((b) => b.kind)).toEqual(['file']);
  });

  it('names test files from the working folder, inline ones as strata.yaml#verify.NAME at their line', async () => {
    const { root } = await family();
    const top = path.dirname(root);
    const base = path.basename(root);
    const section = await loadVerifySection(root, top);
    expect(section.entries.flatMap((e) => e.files.map((f) => f.file))).toEqual([
      `${base}/verify/api.yaml`,
      `${base}/verify/common.yaml`,
      `${base}/verify/missing.yaml`,
      `${base}/strata.yaml#verify.acme/worker:1`,
    ]);
    expect(section.entries[2]?.files[0]?.sizeTest?.line).toBe(6);
    const result: VerifyResult = {
      runId: 'r',
      ok: false,
      interrupted: false,
      durationMs: 0,
      counts: { passed: 0, failed: 1, skipped: 0, error: 0 },
      diagnostics: [],
      images: [
        {
          image: 'ml-worker',
          ref: 'acme/worker:1',
          ok: false,
          durationMs: 0,
          tests: [
            {
              kind: 'size',
              name: 'size',
              status: 'failed',
              durationMs: 0,
              errors: ['too big'],
              file: `${base}/strata.yaml#verify.acme/worker:1`,
              line: 6,
            },
          ],
        },
      ],
    };
    expect(toGithubAnnotations(result).split('\n')[0]).toBe(
      `::error file=${base}/strata.yaml,line=6,title=ml-worker%3A size size::too big`,
    );
  });

  it('refuses a --config file that cannot be read or parsed as bad usage (exit 2), before any run', async () => {
    const { root } = await family();
    for (const config of ['nothere.yaml', 'verify/broken.yaml'])
      await expect(verify({ root, cwd: root, images: ['api'], configs: [config] })).rejects.toMatchObject({
        code: 'STRATA_USAGE',
        exitCode: 2,
      });
  });

  it('fails a run whose test files have errors even where no test ran', async () => {
    const result = await runVerify({
      targets: [],
      diagnostics: [{ code: 'STRATA_VERIFY_FILE', severity: 'error', message: 'f.yaml: bad' }],
    });
    expect(result.ok).toBe(false);
  });

  it('applies --config files to every named image; an unknown name is an image reference', async () => {
    const { root, graph } = await family();
    const loaded = await loadTestFiles(['tests/cst.yaml'], root);
    expect(loaded.files[0]?.containerRunOptions).toMatchObject({
      envFile: path.join(root, 'tests/envfile'),
      bindMounts: [`${path.join(root, 'data')}:/data`],
    });
    const targets = verifyTargets(graph, ['acme/api:1', 'ubuntu:22.04'], {
      configFiles: loaded.files,
      section: { entries: [], diagnostics: [] },
    });
    expect(targets.map((t) => [t.name, t.ref, t.image?.id, t.tests.length])).toEqual([
      ['api', 'acme/api:1', 'api', 1],
      ['ubuntu:22.04', 'ubuntu:22.04', undefined, 1],
    ]);
  });

  it('says so when no image has tests', async () => {
    const root = await testdir({ Dockerfile: 'FROM scratch\n' });
    const { graph } = await scanRepository(root);
    expect(() =>
      verifyTargets(graph, [], { configFiles: [], section: { entries: [], diagnostics: [] } }),
    ).toThrow(/no image of the family has tests/);
    const { tests } = parseTestFile('schemaVersion: 2.0.0\n', 't.yaml');
    let thrown: unknown;
    try {
      verifyTargets(graph, [], { configFiles: [tests], section: { entries: [], diagnostics: [] } });
    } catch (e) {
      thrown = e;
    }
    // --config was given: the hint asks for what is missing (an image name), not for --config again.
    expect(thrown).toMatchObject({ hint: expect.not.stringContaining('--config FILE,') });
    expect((thrown as { hint: string }).hint).not.toMatch(/or give --config/);
    expect((thrown as Error).message).not.toMatch(/has tests/);
  });
});
