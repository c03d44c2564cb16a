import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkout, loadTruths } from '../corpus/checkout.js';

/**
 * Precision and recall of `strata lint` (default settings) on the real-repository corpus.
 *
 * The repositories are those of bench/corpus (truth records, local bare git copies, checkouts at the
 * pinned commit). Each default finding is looked up in `labels.jsonl` beside this file: one record per
 * finding, `{repo, commit, file, line, rule, label, why}`, label `true` | `noise` | `false`, written by
 * someone who did not write the rules, from the repository's files. Precision = true / labelled.
 * Recall: `defects.jsonl` lists `{repo, commit, file, line, what, rules?}`, the defects a reviewer
 * listed before seeing strata's output; one is found when a finding stands in the same file within one
 * line (and, when `rules` is given, is one of them).
 *
 * Usage: npm run build && npx vite-node bench/lint-corpus/run.ts
 *          [-- --unlabelled OUT.jsonl]   write the findings no label covers, with their source lines
 *          [-- --only owner/name]
 */
const HERE = path.resolve('bench/lint-corpus');
const BIN = path.resolve('bin/strata.js');
const GOAL = 0.9;

type Label = 'true' | 'noise' | 'false';
interface LabelRecord {
  repo: string;
  commit: string;
  file: string;
  line: number;
  rule: string;
  label: Label;
  why?: string;
}
interface DefectRecord {
  repo: string;
  commit: string;
  file: string;
  line: number;
  what: string;
  rules?: string[];
}
interface Finding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  line: number | null;
}

function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const keyOf = (repo: string, file: string, line: number | null, rule: string): string =>
  `${repo}|${file}|${line ?? 0}|${rule}`;

function sourceAround(dir: string, file: string, line: number | null): string {
  try {
    const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
    const at = (line ?? 1) - 1;
    return lines
      .slice(Math.max(0, at - 2), at + 3)
      .map((l, i) => `${Math.max(0, at - 2) + i + 1}: ${l}`)
      .join('\n');
  } catch {
    return '';
  }
}

function main(): void {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const outAt = process.argv.indexOf('--unlabelled');
  const out = outAt >= 0 ? process.argv[outAt + 1] : undefined;
  const labels = new Map(
    readJsonl<LabelRecord>(path.join(HERE, 'labels.jsonl')).map((l) => [
      keyOf(l.repo, l.file, l.line, l.rule),
      l,
    ]),
  );
  const defects = readJsonl<DefectRecord>(path.join(HERE, 'defects.jsonl'));
  const perRule = new Map<string, Record<Label | 'unlabelled', number>>();
  const unlabelled: string[] = [];
  let found = 0;
  let listed = 0;

  for (const truth of loadTruths(only)) {
    const co = checkout(truth.repo, truth.commit);
    if (!co.dir) {
      console.log(`${truth.repo}: skipped (${co.reason})`);
      continue;
    }
    const r = spawnSync(process.execPath, [BIN, 'lint', co.dir, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (!r.stdout.trim().startsWith('{')) {
      console.log(`${truth.repo}: lint crashed (exit ${r.status}): ${r.stderr.trim().split('\n').pop()}`);
      continue;
    }
    const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
    const counts = { true: 0, noise: 0, false: 0, unlabelled: 0 };
    for (const f of findings) {
      const label = labels.get(keyOf(truth.repo, f.file, f.line, f.rule))?.label ?? 'unlabelled';
      counts[label]++;
      const row = perRule.get(f.rule) ?? { true: 0, noise: 0, false: 0, unlabelled: 0 };
      row[label]++;
      perRule.set(f.rule, row);
      if (label === 'unlabelled')
        unlabelled.push(
          JSON.stringify({
            repo: truth.repo,
            commit: truth.commit,
            file: f.file,
            line: f.line,
            rule: f.rule,
            severity: f.severity,
            message: f.message,
            source: sourceAround(co.dir, f.file, f.line),
          }),
        );
    }
    const mine = defects.filter((d) => d.repo === truth.repo);
    const hit = mine.filter((d) =>
      findings.some(
        (f) =>
          f.file === d.file &&
          f.line !== null &&
          Math.abs(f.line - d.line) <= 1 &&
          (!d.rules || d.rules.includes(f.rule)),
      ),
    );
    found += hit.length;
    listed += mine.length;
    console.log(
      `${truth.repo.padEnd(42)} findings ${String(findings.length).padStart(4)}  true ${counts.true}  noise ${counts.noise}  ` +
        `false ${counts.false}  unlabelled ${counts.unlabelled}${mine.length ? `  recall ${hit.length}/${mine.length}` : ''}`,
    );
  }

  console.log(
    `\n${'rule'.padEnd(36)} ${'true'.padStart(5)} ${'noise'.padStart(5)} ${'false'.padStart(5)} ${'unlab'.padStart(5)}  precision`,
  );
  const total = { true: 0, noise: 0, false: 0, unlabelled: 0 };
  for (const [rule, c] of [...perRule].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
    const labelled = c.true + c.noise + c.false;
    console.log(
      `${rule.padEnd(36)} ${String(c.true).padStart(5)} ${String(c.noise).padStart(5)} ${String(c.false).padStart(5)} ` +
        `${String(c.unlabelled).padStart(5)}  ${labelled ? `${Math.round((100 * c.true) / labelled)}%` : '-'}`,
    );
  }
  const labelled = total.true + total.noise + total.false;
  const precision = labelled ? total.true / labelled : 0;
  console.log(
    `\nprecision ${labelled ? `${Math.round(100 * precision)}%` : '-'} of ${labelled} labelled findings ` +
      `(goal ≥ ${GOAL * 100}%), ${total.unlabelled} unlabelled | recall ${listed ? `${found}/${listed}` : '-'} (goal ≥ 70%)`,
  );
  if (out) {
    writeFileSync(out, unlabelled.map((l) => `${l}\n`).join(''));
    console.log(`${unlabelled.length} unlabelled findings written to ${out}`);
  }
  process.exitCode = labelled > 0 && precision >= GOAL && total.unlabelled === 0 ? 0 : 1;
}

main();
