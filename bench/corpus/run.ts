import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkout, loadTruths } from './checkout.js';
import { type CorpusScore, compareToTruth, type ScanView, type Truth } from './score.js';

/**
 * Scans the real repositories of the corpus and compares each scan with its ground truth.
 *
 * Ground truth: `bench/corpus/truth/<owner>+<name>.json` (format: bench/corpus/README.md): facts only,
 * written from the repository's own build definitions, never from strata's output. The repositories
 * themselves are not part of this project: each is read from a local bare git copy
 * (`$STRATA_CORPUS_MIRRORS/<owner>+<name>/…`, default `/work/.mirror`), exported at the pinned commit
 * into a cache folder, and scanned there by the CLI as a whole process (`node bin/strata.js scan DIR
 * --json`), as a user runs it. Repositories without a local copy are listed as skipped.
 *
 * Usage: npm run build && npx vite-node bench/corpus/run.ts [-- --json] [-- --only owner/name]
 * Prints per repository: images matched/expected, edges found/expected, tags found/expected, wrong
 * edges, error-level diagnostics, time; then the totals against the goals (≥ 95% edges and tags, no
 * wrong edge, no crash).
 */
const BIN = path.resolve('bin/strata.js');
const GOAL = 0.95;

interface RepoRow {
  repo: string;
  commit: string;
  status: 'scanned' | 'skipped' | 'crashed';
  reason?: string;
  ms?: number;
  score?: CorpusScore;
  errors?: string[];
}

function scanRepo(truth: Truth): RepoRow {
  const row: RepoRow = { repo: truth.repo, commit: truth.commit, status: 'skipped' };
  const co = checkout(truth.repo, truth.commit);
  if (!co.dir) return { ...row, reason: co.reason };
  const start = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'scan', co.dir, '--json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - start;
  if ((r.status !== 0 && r.status !== 1) || !r.stdout.trim().startsWith('{'))
    return {
      ...row,
      status: 'crashed',
      ms,
      reason: `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    };
  const view = JSON.parse(r.stdout) as ScanView;
  const errors = (view.diagnostics ?? [])
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.file ?? ''}${d.line ? `:${d.line}` : ''} ${d.code}: ${d.message}`);
  return { ...row, status: 'scanned', ms, score: compareToTruth(truth, view), errors };
}

function pct(found: number, expected: number): string {
  return expected === 0 ? '   -' : `${Math.round((100 * found) / expected)}%`.padStart(4);
}

function main(): void {
  const json = process.argv.includes('--json');
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const truths = loadTruths(only);
  const rows = truths.map(scanRepo);
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const header = `${'repository'.padEnd(42)} ${'commit'.padEnd(8)} ${'images'.padStart(7)} ${'edges'.padStart(11)} ${'tags'.padStart(11)} ${'wrong'.padStart(5)} ${'errors'.padStart(6)} ${'time'.padStart(7)}`;
  console.log(header);
  const total = {
    images: 0,
    imagesExpected: 0,
    edges: 0,
    edgesExpected: 0,
    tags: 0,
    tagsExpected: 0,
    wrong: 0,
    errors: 0,
  };
  let crashed = 0;
  for (const row of rows) {
    const name = row.repo.padEnd(42);
    const commit = row.commit.slice(0, 8);
    if (row.status !== 'scanned' || !row.score) {
      if (row.status === 'crashed') crashed++;
      console.log(`${name} ${commit} ${row.status}: ${row.reason}`);
      continue;
    }
    const s = row.score;
    total.images += s.imagesMatched;
    total.imagesExpected += s.imagesExpected;
    total.edges += s.edgesFound;
    total.edgesExpected += s.edgesExpected;
    total.tags += s.tagsFound;
    total.tagsExpected += s.tagsExpected;
    total.wrong += s.wrongEdges.length;
    total.errors += row.errors?.length ?? 0;
    console.log(
      `${name} ${commit} ${`${s.imagesMatched}/${s.imagesExpected}`.padStart(7)} ` +
        `${`${s.edgesFound}/${s.edgesExpected}`.padStart(6)} ${pct(s.edgesFound, s.edgesExpected)} ` +
        `${`${s.tagsFound}/${s.tagsExpected}`.padStart(6)} ${pct(s.tagsFound, s.tagsExpected)} ` +
        `${String(s.wrongEdges.length).padStart(5)} ${String(row.errors?.length ?? 0).padStart(6)} ` +
        `${`${((row.ms ?? 0) / 1000).toFixed(2)}s`.padStart(7)}`,
    );
    if (process.argv.includes('--detail')) {
      for (const m of s.missedEdges) console.log(`    missed edge   ${m}`);
      for (const w of s.wrongEdges) console.log(`    wrong edge    ${w}`);
      for (const m of s.missedTags) console.log(`    missed tag    ${m}`);
      for (const m of s.unmatchedImages) console.log(`    no image for  ${m}`);
      for (const e of row.errors ?? []) console.log(`    error         ${e}`);
    }
  }
  const scanned = rows.filter((r) => r.status === 'scanned').length;
  console.log(
    `\n${scanned} scanned, ${rows.length - scanned - crashed} skipped, ${crashed} crashed | ` +
      `images ${total.images}/${total.imagesExpected} | ` +
      `edges ${total.edges}/${total.edgesExpected} (${pct(total.edges, total.edgesExpected).trim()}, goal ≥ ${GOAL * 100}%) | ` +
      `tags ${total.tags}/${total.tagsExpected} (${pct(total.tags, total.tagsExpected).trim()}, goal ≥ ${GOAL * 100}%) | ` +
      `wrong edges ${total.wrong} (goal 0) | error diagnostics ${total.errors}`,
  );
  const met =
    crashed === 0 &&
    total.wrong === 0 &&
    total.edges >= GOAL * total.edgesExpected &&
    total.tags >= GOAL * total.tagsExpected;
  process.exitCode = met ? 0 : 1;
}

main();
