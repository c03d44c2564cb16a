import { describe, expect, test } from 'vitest';
import { lintRepository } from '../../../src/lint/repository.js';
import { rules as hygiene } from '../../../src/lint/rules/hygiene/index.js';
import { dedent, testdir } from '../../helpers/testdir.js';
import { enablingAll } from './helpers.js';

async function findings(dockerfile: string): Promise<string[]> {
  const root = await testdir({ Dockerfile: dedent(dockerfile) });
  const result = await lintRepository(root, { rules: hygiene, overrides: enablingAll(hygiene) });
  return result.diagnostics.map((d) => `${d.line}:${d.code}`);
}

async function problems(dockerfile: string): Promise<string[]> {
  const root = await testdir({ Dockerfile: dedent(dockerfile) });
  return (await lintRepository(root, { rules: hygiene, overrides: enablingAll(hygiene) })).problems.map(
    (d) => `${d.line}:${d.code}`,
  );
}

describe('pragmas', () => {
  test('# strata ignore= silences the next instruction only, by id or hadolint code', async () => {
    const found = await findings(`
      FROM alpine:3.19
      # strata ignore=copy-not-add vendored file, kept as is
      ADD a.py /a/
      ADD b.py /b/
      # strata ignore=DL3020
      ADD c.py /c/
    `);
    expect(found).toEqual(['4:copy-not-add']);
  });

  test('# strata ignore= covers every line of a continued instruction', async () => {
    const found = await findings(`
      FROM debian:12-slim
      # strata ignore=apt-no-install-recommends,apt-lists-not-cleaned
      RUN apt-get update \\
       && apt-get install -y curl
    `);
    expect(found.filter((f) => /apt-(no-install|lists)/.test(f))).toEqual([]);
  });

  test('# strata global ignore= silences the whole file', async () => {
    const found = await findings(`
      FROM alpine:3.19
      ADD a.py /a/
      # strata global ignore=copy-not-add
      ADD b.py /b/
    `);
    expect(found).toEqual([]);
  });

  test('# strata stage ignore= silences the rest of the stage', async () => {
    const found = await findings(`
      FROM alpine:3.19 AS one
      ADD a.py /a/
      # strata stage ignore=copy-not-add
      ADD b.py /b/
      ADD c.py /c/
      FROM alpine:3.19
      ADD d.py /d/
    `);
    expect(found).toEqual(['2:copy-not-add', '7:copy-not-add']);
  });

  test("hadolint's pragmas are honoured for the rules that map to them", async () => {
    const found = await findings(`
      # hadolint global ignore=DL3007
      FROM alpine:latest
      # hadolint ignore=DL3020,SC2086
      ADD a.py /a/
      ADD b.py /b/
    `);
    expect(found).toEqual(['5:copy-not-add']);
  });

  test('a hadolint pragma does not take strata ids; unknown strata ids are reported', async () => {
    const found = await findings(`
      FROM alpine:3.19
      # hadolint ignore=copy-not-add
      ADD a.py /a/
    `);
    expect(found).toEqual(['3:copy-not-add']);
    expect(
      await problems(`
        FROM alpine:3.19
        # strata ignore=no-such-rule
        ADD a.py /a/
      `),
    ).toContain('2:STRATA_LINT_PRAGMA');
  });
});
