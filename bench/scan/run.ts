import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { scan } from '../../src/scan.js';
import { describeTimes, median, option, timeProcess } from '../lib/stats.js';
import { DEFAULT_SHAPE, generateMonorepo } from './generate.js';

/**
 * Times `scan()` over a generated monorepo of 2,000 Dockerfiles: one warm-up run, then the median of
 * RUNS warm runs (file system cache hot, modules loaded). The goal is 2 s on a 2-core machine.
 * Usage: npm run bench:scan [-- --runs N] [-- --keep]
 */
const GOAL_MS = 2000;
/** The CLI, from the package root where npm runs this (`npm run build` first). */
const BIN = path.resolve('bin/strata.js');

async function main(): Promise<void> {
  const runs = option('--runs', 5);
  const keep = process.argv.includes('--keep');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-bench-scan-'));
  try {
    const t0 = performance.now();
    const repo = await generateMonorepo(root, DEFAULT_SHAPE);
    const generateMs = performance.now() - t0;
    console.log(
      `generated ${repo.dockerfiles} Dockerfiles, ${repo.composeFiles} compose files, ${repo.bakeFiles} bake files, ` +
        `${repo.scripts} build scripts in ${root} (${Math.round(generateMs)} ms)`,
    );

    const first = performance.now();
    let graph = await scan(root);
    console.log(`warm-up scan: ${Math.round(performance.now() - first)} ms`);

    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      graph = await scan(root);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    const edges = graph.edges.length;
    const inferred = graph.edges.filter((e) => e.inferred).length;
    const errors = graph.diagnostics.filter((d) => d.severity === 'error').length;
    console.log(
      `files: ${repo.dockerfiles} Dockerfiles | images: ${graph.images.length} | edges: ${edges} (${inferred} inferred) | ` +
        `waves: ${graph.waves.length} | external bases: ${graph.externalBases.length} | ` +
        `diagnostics: ${graph.diagnostics.length} (${errors} errors)`,
    );
    console.log(
      `scan: median ${Math.round(ms)} ms over ${runs} runs (min ${Math.round(Math.min(...times))}, ` +
        `max ${Math.round(Math.max(...times))}) | goal ${GOAL_MS} ms | ratio ${(ms / GOAL_MS).toFixed(2)} ` +
        `(${ms <= GOAL_MS ? 'within goal' : 'over goal'}) | ${os.cpus().length} cores, Node ${process.version}`,
    );
    const cli = timeProcess(process.execPath, [BIN, 'scan', root, '--json'], runs);
    console.log(
      `strata scan --json as a process (Node start-up included): ${describeTimes(cli.times)} | ` +
        `ratio to goal ${(median(cli.times) / GOAL_MS).toFixed(2)}${cli.status === 0 ? '' : ` | exit ${cli.status}`}`,
    );
  } finally {
    if (keep) console.log(`kept ${root}`);
    else await fs.rm(root, { recursive: true, force: true });
  }
}

await main();
