import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultLintConfig, type LintConfig } from '../../../src/lint/config.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/lint');

/** A config that turns `rules` on (for rules that are off by default). */
export function enabling(...rules: string[]): LintConfig {
  return { ...defaultLintConfig(), enable: rules };
}

export interface FixtureCase {
  category: string;
  rule: string;
  variant: string;
  dir: string;
}

/** Every `<category>/<rule>/<variant>/` fixture folder under test/fixtures/lint. */
export async function fixtureCases(categories: string[]): Promise<FixtureCase[]> {
  const out: FixtureCase[] = [];
  for (const category of categories) {
    for (const rule of (await fs.readdir(path.join(FIXTURES, category))).sort()) {
      for (const variant of (await fs.readdir(path.join(FIXTURES, category, rule))).sort()) {
        out.push({ category, rule, variant, dir: path.join(FIXTURES, category, rule, variant) });
      }
    }
  }
  return out;
}

/**
 * Lines a bad fixture expects a finding on: the first instruction line after each `# expect` comment,
 * as `file:line`, in every Dockerfile of the fixture.
 */
export async function expectedLines(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { recursive: true })) {
    const file = entry.split(path.sep).join('/');
    if (!/Dockerfile/.test(path.basename(file))) continue;
    const lines = (await fs.readFile(path.join(dir, file), 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (line.trim() !== '# expect') return;
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j]!.trim();
        if (next === '' || next.startsWith('#')) continue;
        out.push(`${file}:${j + 1}`);
        break;
      }
    });
  }
  return out.sort();
}

/** Rules that are off by default for their measured precision on the corpus (docs/rules/<id>.md says so). */
export const OFF_FOR_PRECISION: readonly string[] = [
  'add-remote-no-checksum',
  'apt-get-yes',
  'apt-lists-not-cleaned',
  'apt-no-install-recommends',
  'apt-noninteractive',
  'apt-not-apt-get',
  'apt-tzdata-prompt',
  'cache-apt-update-alone',
  'cache-deps-after-copy',
  'cache-left-in-layer',
  'cd-use-workdir',
  'consecutive-run',
  'context-dockerignore',
  'context-secret-copied',
  'copy-not-add',
  'cuda-wheels-without-gpu',
  'family-duplicate-heavy-install',
  'family-unused-base',
  'family-unused-requirements',
  'final-user-root',
  'from-latest',
  'from-untagged',
  'healthcheck-for-service',
  'json-cmd-entrypoint',
  'no-sudo',
  'pip-no-cache-dir',
  'pipe-to-shell',
  'pipefail',
  'runs-as-root',
  'secret-in-env-arg',
  'size-build-tools-in-final',
  'size-no-multistage',
  'unpinned-vcs-install',
  'wget-progress',
  'workdir-absolute',
];

/**
 * Overrides that turn on the rules of `rules` that are off for their precision, for tests of the
 * machinery (formats, pragmas, CLI) written against them; rules opt-in by design stay off.
 */
export function enablingAll(rules: readonly { meta: { id: string } }[]): LintConfig {
  const ids = rules.map((r) => r.meta.id).filter((id) => OFF_FOR_PRECISION.includes(id));
  return { ...defaultLintConfig(), enable: ids };
}
