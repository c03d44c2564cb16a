import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the conformance cases live: `$STRATA_CONFORMANCE_DIR`, else the first `shared/conformance` found
 * in the parent of the repository root or above it (`../shared/conformance` for a plain checkout).
 */
export function conformanceDir(): string {
  const env = process.env.STRATA_CONFORMANCE_DIR;
  if (env) return path.resolve(env);
  let dir = path.dirname(process.cwd());
  for (;;) {
    const candidate = path.join(dir, 'shared', 'conformance');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(process.cwd(), '..', 'shared', 'conformance');
    dir = up;
  }
}

/** Reads a JSON-lines file of cases. */
export async function readCases<T>(file: string): Promise<T[]> {
  const text = await fs.readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** A fresh temporary folder holding `files` (relative path -> text). */
export async function caseDir(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-conformance-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, text);
  }
  return dir;
}

export interface Tally {
  agree: number;
  total: number;
}

/** Prints agreement per key and overall; returns the overall ratio. */
export function printTable(title: string, tallies: Map<string, Tally>): number {
  let agree = 0;
  let total = 0;
  const rows = [...tallies.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  console.log(`${title}`);
  console.log('rule | agree | cases | %');
  for (const [key, t] of rows) {
    agree += t.agree;
    total += t.total;
    console.log(`${key} | ${t.agree} | ${t.total} | ${pct(t.agree, t.total)}`);
  }
  console.log(`ALL | ${agree} | ${total} | ${pct(agree, total)}`);
  return total === 0 ? 0 : agree / total;
}

export function pct(a: number, b: number): string {
  return b === 0 ? '-' : `${((100 * a) / b).toFixed(1)}%`;
}

export function tally(map: Map<string, Tally>, key: string, ok: boolean): void {
  const t = map.get(key) ?? { agree: 0, total: 0 };
  t.total++;
  if (ok) t.agree++;
  map.set(key, t);
}
