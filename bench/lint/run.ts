import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultLintConfig } from '../../src/lint/config.js';
import type { LintResult } from '../../src/lint/engine.js';
import { lintRepository } from '../../src/lint/repository.js';
import { scanRepository } from '../../src/scan.js';
import { describeTimes, median, option, timeProcess } from '../lib/stats.js';
import { DEFAULT_SHAPE, generateMonorepo } from '../scan/generate.js';

/**
 * Times `lintRepository()` (scan + every rule) over the generated 2,000-Dockerfile monorepo of
 * bench/scan: one warm-up run, then the median of RUNS warm runs. The goal is 3 s on a 2-core machine.
 * Also prints the slowest rules. Usage (compiled like bench/scan, to plain JavaScript):
 *   tsc -p bench/lint/tsconfig.json && node node_modules/.cache/strata-bench-lint/bench/lint/run.js [--runs N] [--keep]
 */
const GOAL_MS = 3000;
/** The CLI, from the package root where npm runs this (`npm run build` first). */
const BIN = path.resolve('bin/strata.js');

function byRule(result: LintResult): string {
  const counts = new Map<string, number>();
  for (const d of result.diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');
}

/** Total rule time of a run and its slowest rules. */
function slowest(result: LintResult): string {
  const slow = Object.entries(result.timings)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([id, t]) => `${id} ${Math.round(t)} ms`);
  const ruleMs = Object.values(result.timings).reduce((a, b) => a + b, 0);
  return `rules ${Math.round(ruleMs)} ms (slowest: ${slow.join(', ')})`;
}

async function main(): Promise<void> {
  const runs = option('--runs', 5);
  const keep = process.argv.includes('--keep');
  // --shellcheck: also run the shellcheck rule (off by default; needs shellcheck installed).
  const lintOptions = process.argv.includes('--shellcheck')
    ? { overrides: { ...defaultLintConfig(), enable: ['shellcheck'] } }
    : {};
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-bench-lint-'));
  try {
    const repo = await generateMonorepo(root, DEFAULT_SHAPE);
    console.log(`generated ${repo.dockerfiles} Dockerfiles in ${root}`);

    const first = performance.now();
    let result = await lintRepository(root, lintOptions);
    console.log(`first (cold) lint: ${Math.round(performance.now() - first)} ms; ${slowest(result)}`);

    const scanStart = performance.now();
    await scanRepository(root);
    const scanMs = performance.now() - scanStart;

    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      result = await lintRepository(root, lintOptions);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    const { error, warning, info } = result.counts;
    console.log(
      `files: ${result.files.length} Dockerfiles | rules: ${result.rules.length} | findings: ${result.diagnostics.length} ` +
        `(${error} errors, ${warning} warnings, ${info} info, counting problems) | problems: ${result.problems.length}`,
    );
    console.log(`most frequent: ${byRule(result)}`);
    console.log(`scan alone: ${Math.round(scanMs)} ms | last warm run: ${slowest(result)}`);
    console.log(
      `lint: median ${Math.round(ms)} ms over ${runs} runs (min ${Math.round(Math.min(...times))}, ` +
        `max ${Math.round(Math.max(...times))}) | goal ${GOAL_MS} ms | ratio ${(ms / GOAL_MS).toFixed(2)} ` +
        `(${ms <= GOAL_MS ? 'within goal' : 'over goal'}) | ${os.cpus().length} cores, Node ${process.version}`,
    );
    const cli = timeProcess(
      process.execPath,
      [BIN, 'lint', root, '--format', 'json', '--failure-threshold', 'none'],
      runs,
    );
    console.log(
      `strata lint --format json as a process (Node start-up included): ${describeTimes(cli.times)} | ` +
        `ratio to goal ${(median(cli.times) / GOAL_MS).toFixed(2)}${cli.status === 0 ? '' : ` | exit ${cli.status}`}`,
    );
  } finally {
    if (keep) console.log(`kept ${root}`);
    else await fs.rm(root, { recursive: true, force: true });
  }
}

await main();
