import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseDockerfile } from '../../src/dockerfile/index.js';
import { defaultLintConfig, lintDockerfiles } from '../../src/lint/index.js';
import { allRules } from '../../src/lint/registry.js';
import type { Rule } from '../../src/lint/rule.js';
import { caseDir, conformanceDir, printTable, readCases, type Tally, tally } from './shared.js';

/**
 * Runs hadolint's own spec cases (extracted as data in ../shared/conformance/hadolint/cases.jsonl, see
 * its README) through strata's lint library and prints the agreement per hadolint rule and overall.
 * Harness semantics follow hadolint's test/Helpers.hs: the text gets one trailing newline; only the named
 * rule is asserted (`violation`: at least one finding, none on a line <= 0, exactly `count` when given;
 * `clean`: none); `onbuild` cases wrap every RUN in ONBUILD; `config` is written as .hadolint.yaml.
 * A rule strata does not map counts as finding nothing.
 * Usage: npm run bench:hadolint [-- --verbose] [-- --rule DL3008]
 */
interface HadolintCase {
  rule: string;
  dockerfile: string;
  expect: 'violation' | 'clean';
  count?: number;
  onbuild?: boolean;
  config?: Record<string, unknown>;
  test: string;
  source: string;
}

/** The strata rule that answers for a hadolint code (`SC*`: the ShellCheck rule). */
export function ruleForCode(code: string, rules: readonly Rule[] = allRules): Rule | undefined {
  if (code === 'SC*') return rules.find((r) => r.meta.id === 'shellcheck');
  return rules.find((r) => r.meta.hadolint === code);
}

/** Prefixes `ONBUILD ` to every RUN instruction (at its first line), as hadolint's assertOnBuildChecks does. */
export function wrapRunsInOnbuild(text: string): string {
  const parsed = parseDockerfile(text, 'Dockerfile');
  const lines = text.split('\n');
  for (const ins of parsed.instructions) {
    if (ins.keyword !== 'RUN') continue;
    const i = ins.range.line - 1;
    const line = lines[i] ?? '';
    const col = ins.range.column - 1;
    lines[i] = `${line.slice(0, col)}ONBUILD ${line.slice(col)}`;
  }
  return lines.join('\n');
}

async function runCase(c: HadolintCase, rule: Rule | undefined): Promise<{ ok: boolean; got: number[] }> {
  if (!rule) return { ok: c.expect === 'clean', got: [] };
  let text = `${c.dockerfile}\n`;
  if (c.onbuild) text = wrapRunsInOnbuild(text);
  const files: Record<string, string> = { Dockerfile: text };
  if (c.config) {
    const { _haskell, ...config } = c.config;
    files['.hadolint.yaml'] = YAML.stringify(config);
  }
  const dir = await caseDir(files);
  try {
    const overrides = { ...defaultLintConfig(), enable: [rule.meta.id] };
    const result = await lintDockerfiles(['Dockerfile'], { cwd: dir, rules: [rule], overrides });
    const got = result.diagnostics.filter((d) => d.code === rule.meta.id).map((d) => d.line ?? 0);
    if (c.expect === 'clean') return { ok: got.length === 0, got };
    if (got.length === 0 || got.some((l) => l <= 0)) return { ok: false, got };
    return { ok: c.count === undefined || got.length === c.count, got };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const only = process.argv[process.argv.indexOf('--rule') + 1];
  const filter = process.argv.includes('--rule') ? only : undefined;
  const file = path.join(conformanceDir(), 'hadolint', 'cases.jsonl');
  const cases = (await readCases<HadolintCase>(file)).filter((c) => !filter || c.rule === filter);
  const tallies = new Map<string, Tally>();
  const unmapped = new Set<string>();
  for (const c of cases) {
    const rule = ruleForCode(c.rule);
    if (!rule) unmapped.add(c.rule);
    const { ok, got } = await runCase(c, rule);
    tally(tallies, c.rule, ok);
    if (!ok && verbose) {
      console.log(
        `--- ${c.rule} expect ${c.expect}${c.count !== undefined ? ` x${c.count}` : ''}` +
          `${c.onbuild ? ' (onbuild)' : ''}${c.config ? ` config ${JSON.stringify(c.config)}` : ''}; ` +
          `got lines [${got.join(', ')}] :: ${c.test}\n${c.dockerfile}`,
      );
    }
  }
  const ratio = printTable(`hadolint conformance (${file})`, tallies);
  if (unmapped.size > 0) console.log(`no strata rule for: ${[...unmapped].sort().join(', ')}`);
  console.log(`agreement ${(100 * ratio).toFixed(1)}% over ${cases.length} cases (goal 97%)`);
}

await main();
