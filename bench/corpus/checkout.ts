import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Truth } from './score.js';

/** Where the corpus is read from: truth records, local bare git copies, exported checkouts. */
const TRUTH_DIR = path.resolve(process.env.STRATA_CORPUS_TRUTH ?? 'bench/corpus/truth');
export const MIRRORS = process.env.STRATA_CORPUS_MIRRORS ?? '/work/.mirror';
const CHECKOUTS = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'strata-corpus');

function gitDirOf(repo: string): string | undefined {
  const base = path.join(MIRRORS, repo.replace('/', '+'));
  if (!existsSync(base)) return undefined;
  for (const candidate of [base, path.join(base, 'repo'), ...subdirs(base)])
    if (existsSync(path.join(candidate, 'HEAD')) && existsSync(path.join(candidate, 'objects')))
      return candidate;
  return undefined;
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

/** The repository's tree at `commit`, exported once into the cache (no .git: a plain checkout). */
/**
 * The repository's tree at `commit`, written once into the cache (a plain tree, no .git). Snapshots lack
 * large files (their blobs are absent): those paths are left out and listed in `missing`; a scan reads
 * Dockerfiles and build definitions, never large data files. Uses a temporary index, so the local copy
 * is only read.
 */
export function checkout(
  repo: string,
  commit: string,
): { dir?: string; reason?: string; missing?: string[] } {
  const gitDir = gitDirOf(repo);
  if (!gitDir) return { reason: `no local copy under ${MIRRORS}` };
  const dir = path.join(CHECKOUTS, `${repo.replace('/', '+')}@${commit.slice(0, 12)}`);
  if (existsSync(path.join(dir, '.strata-corpus-complete'))) return { dir };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const index = path.join(CHECKOUTS, `.index-${process.pid}`);
  const git = (args: string[], input?: string) =>
    spawnSync('git', ['--git-dir', gitDir, '--work-tree', dir, ...args], {
      encoding: 'utf8',
      input,
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, GIT_INDEX_FILE: index },
    });
  try {
    const tree = git(['ls-tree', '-r', '-z', commit]);
    if (tree.status !== 0) return { reason: `git ls-tree ${commit.slice(0, 12)}: ${tree.stderr.trim()}` };
    const blobs = tree.stdout
      .split('\0')
      .filter(Boolean)
      .map((entry) => {
        const [meta = '', file = ''] = entry.split('\t');
        const [, type, sha] = meta.split(' ');
        return { type, sha: sha ?? '', file };
      })
      .filter((b) => b.type === 'blob');
    const check = git(['cat-file', '--batch-check'], blobs.map((b) => `${b.sha}\n`).join(''));
    const absent = new Set(
      check.stdout
        .split('\n')
        .filter((l) => l.endsWith(' missing'))
        .map((l) => l.split(' ')[0]),
    );
    const missing = blobs.filter((b) => absent.has(b.sha)).map((b) => b.file);
    const steps: [string[], string?][] = [
      [['read-tree', commit]],
      [['update-index', '--index-info'], missing.map((f) => `0 ${'0'.repeat(40)}\t${f}\n`).join('')],
      [['checkout-index', '-a', '-f']],
    ];
    for (const [args, input] of steps) {
      const r = git(args, input);
      if (r.status !== 0) return { reason: `git ${args[0]} failed: ${r.stderr.trim()}` };
    }
    writeFileSync(path.join(dir, '.strata-corpus-complete'), missing.join('\n'));
    return { dir, missing };
  } finally {
    rmSync(index, { force: true });
  }
}

export function loadTruths(only: string | undefined): Truth[] {
  if (!existsSync(TRUTH_DIR)) return [];
  return readdirSync(TRUTH_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(TRUTH_DIR, f), 'utf8')) as Truth)
    .filter((t) => !only || t.repo === only);
}
