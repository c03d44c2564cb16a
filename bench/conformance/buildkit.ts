import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defaultLintConfig, lintDockerfiles } from '../../src/lint/index.js';
import { allRules } from '../../src/lint/registry.js';
import { caseDir, conformanceDir, printTable, readCases, type Tally, tally } from './shared.js';

/**
 * Runs BuildKit's own build-check cases (extracted as data in ../shared/conformance/buildkit/cases.jsonl,
 * see its README) through strata's lint library and prints the agreement per check and overall.
 * Harness semantics follow dockerfile_check_test.go in build mode: every warning of a BuildKit check is
 * compared on (check, line), as a multiset; a case agrees when strata reports exactly the expected
 * warnings. `build_args` (BUILDKIT_DOCKERFILE_CHECK too) are passed as --build-arg; `.dockerignore` and
 * context files are written beside the Dockerfile; a `lint violation found` build error requires the
 * lint run to fail. Cases never executed upstream and Windows-only cases are skipped.
 * Usage: npm run bench:buildkit [-- --verbose]
 */
interface Warning {
  rule: string;
  line: number;
  detail: string;
}

interface BuildkitCase {
  id: string;
  rule_set: string[];
  dockerfile: string;
  expect: Warning[];
  dockerignore?: string;
  context_files?: Record<string, string>;
  build_args?: Record<string, string>;
  build_error?: string;
  not_executed?: boolean;
  windows_only?: boolean;
  test: string;
}

const key = (w: { rule: string; line: number }): string => `${w.rule}@${w.line}`;

function sameMultiset(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const file = path.join(conformanceDir(), 'buildkit', 'cases.jsonl');
  const cases = (await readCases<BuildkitCase>(file)).filter((c) => !c.not_executed && !c.windows_only);
  const rules = allRules.filter((r) => r.meta.buildkit);
  // Experimental checks run only when a case's directive enables them, as in BuildKit.
  const enable = rules.filter((r) => !r.meta.buildkitExperimental).map((r) => r.meta.id);
  const tallies = new Map<string, Tally>();
  let agree = 0;
  for (const c of cases) {
    const files: Record<string, string> = { Dockerfile: c.dockerfile, ...c.context_files };
    if (c.dockerignore !== undefined) files['.dockerignore'] = c.dockerignore;
    const dir = await caseDir(files);
    let got: Warning[] = [];
    let failed = false;
    try {
      const overrides = { ...defaultLintConfig(), enable };
      const result = await lintDockerfiles(['Dockerfile'], {
        cwd: dir,
        rules,
        overrides,
        buildArgs: c.build_args ?? {},
      });
      failed = result.failed;
      got = result.diagnostics
        .filter((d) => d.rule.buildkit)
        .map((d) => ({ rule: d.rule.buildkit ?? '', line: d.line ?? 0, detail: d.message }));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const lintError = c.build_error?.startsWith('lint violation found') ?? false;
    const ok = sameMultiset(got.map(key), c.expect.map(key)) && (!lintError || failed);
    if (ok) agree++;
    for (const rule of c.rule_set.length > 0 ? c.rule_set : ['(no rule)']) {
      const want = c.expect.filter((w) => w.rule === rule).map(key);
      const have = got.filter((w) => w.rule === rule).map(key);
      tally(tallies, rule, sameMultiset(want, have) && (!lintError || failed));
    }
    if (!ok && verbose) {
      console.log(
        `--- ${c.id} ${c.test}${lintError ? ` (expects: ${c.build_error})` : ''}\n` +
          `expected: ${c.expect.map(key).join(', ') || '-'}\n` +
          `got:      ${got.map(key).join(', ') || '-'}${lintError ? ` failed=${failed}` : ''}\n${c.dockerfile}`,
      );
    }
  }
  printTable(`BuildKit conformance, per check in the case's rule set (${file})`, tallies);
  console.log(
    `agreement ${((100 * agree) / cases.length).toFixed(1)}% of ${cases.length} cases with the same checks ` +
      'and lines (goal 97%)',
  );
  const missing = [...new Set(cases.flatMap((c) => c.rule_set))].filter(
    (name) => !rules.some((r) => r.meta.buildkit === name),
  );
  if (missing.length > 0) console.log(`no strata rule for: ${missing.sort().join(', ')}`);
}

await main();
