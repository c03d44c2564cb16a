import { createHash } from 'node:crypto';
import { type BigIntStats, promises as fs, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImageRef } from '../model/dockerfile.js';
import { writeFileAtomic } from '../util/fs.js';
import { LEGACY_STATE_FOLDER, stampPath } from './paths.js';

/**
 * The no-op stamp: proof, written after a build that left every selected image up to date, that a later
 * `strata build` with the same arguments has nothing to do — as long as no file or folder under the root
 * changed and the engine still holds the same image behind every tag and external base. Checking it needs
 * a walk of the tree, one engine query and, for external bases the engine does not hold, the registry
 * question the plan asks too; so a no-op build answers without loading the rest of strata.
 *
 * It is conservative: the snapshot is taken before the build reads anything (a file changed during the
 * build shows up as a change next time), it covers every file under the root but the folders no scan and
 * no build context can see, and a tree of more than MAX_ENTRIES entries gets no stamp at all. Any
 * difference means the ordinary path runs and decides.
 */

export const NOOP_STAMP_VERSION = 3;
/** Trees larger than this are not stamped: walking them would cost more than the ordinary path. */
export const MAX_ENTRIES = 250_000;

/** Environment that decides which engine and client a build talks to. */
export const STAMP_ENV = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'STRATA_DOCKER'] as const;

/** `[relative path, size (-1 for a folder), mtime ns, ctime ns, inode]`, in walk order. */
export type TreeEntry = [string, number, string, string, string];

export interface NoopStamp {
  version: number;
  /** strata's version: a new strata decides afresh. */
  strata: string;
  /** The build's arguments that decide its result (images, --dir, --registry, ...), normalised. */
  args: string[];
  env: Partial<Record<(typeof STAMP_ENV)[number], string>>;
  /**
   * The bake/compose variables the scan read from the environment: name -> sha256 of the value, or
   * null when it was not set. A change in any of them decides afresh. Values are never stored.
   */
  variables?: Record<string, string | null>;
  createdAt: string;
  tree: TreeEntry[];
  /** Each image with its tags and fingerprint, for the report. */
  images: { id: string; tags: string[]; fingerprint: string }[];
  /**
   * Folders (root-relative) neither the scan nor any build context can see (node_modules, a venv that
   * .gitignore and every .dockerignore leave out): not walked, so a package install there is no change.
   */
  skip: string[];
  /** Every tag of the images -> the image id the engine held for it. */
  engine: Record<string, string>;
  /** The external bases and the identity each had in the fingerprints (image id or digest). */
  externalBases: { ref: ImageRef; identity: string }[];
}

/**
 * Every file, folder and symbolic link under `root` except a `.strata/` left by an earlier strata and the
 * folders in `skip` (and what is under them), with the metadata that changes whenever content does. A
 * link is recorded as itself (Docker copies links, not what they point to) and never followed. undefined
 * when the tree is too large to be worth stamping or a folder cannot be read.
 */
export function snapshotTree(root: string, skip: ReadonlySet<string> = new Set()): TreeEntry[] | undefined {
  const out: TreeEntry[] = [];
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const abs = path.join(root, rel);
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch {
      return undefined;
    }
    for (const name of names) {
      if (rel === '' && name === LEGACY_STATE_FOLDER) continue;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (skip.has(childRel)) continue;
      let st: BigIntStats;
      try {
        st = lstatSync(path.join(root, childRel), { bigint: true });
      } catch {
        return undefined;
      }
      const isDir = st.isDirectory();
      out.push([
        childRel,
        isDir ? -1 : st.isSymbolicLink() ? -2 - Number(st.size) : Number(st.size),
        String(st.mtimeNs),
        String(st.ctimeNs),
        String(st.ino),
      ]);
      if (out.length > MAX_ENTRIES) return undefined;
      if (isDir) stack.push(childRel);
    }
  }
  return out;
}

/** The entries of a snapshot outside the `skip` folders (a snapshot taken before they were known). */
export function withoutSkipped(tree: TreeEntry[], skip: readonly string[]): TreeEntry[] {
  if (skip.length === 0) return tree;
  const set = new Set(skip);
  return tree.filter(([rel]) => {
    for (let i = rel.indexOf('/'); ; i = rel.indexOf('/', i + 1)) {
      if (set.has(i < 0 ? rel : rel.slice(0, i))) return false;
      if (i < 0) return true;
    }
  });
}

/** True when two snapshots describe the same tree, entry by entry. */
export function sameTree(a: TreeEntry[], b: TreeEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    for (let k = 0; k < 5; k++) if (x[k] !== y[k]) return false;
  }
  return true;
}

export function stampEnv(env: NodeJS.ProcessEnv): NoopStamp['env'] {
  const out: NoopStamp['env'] = {};
  for (const key of STAMP_ENV) if (env[key] !== undefined) out[key] = env[key];
  return out;
}

/** The stamp's record of the variables `names` in `env` (hashed, never the values themselves). */
export function stampVariables(names: string[], env: NodeJS.ProcessEnv): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of names) {
    const value = env[name];
    out[name] = value === undefined ? null : createHash('sha256').update(value).digest('hex');
  }
  return out;
}

/** Whether every variable the stamp records has the same value in `env`. */
export function sameVariables(
  recorded: Record<string, string | null> | undefined,
  env: NodeJS.ProcessEnv,
): boolean {
  if (!recorded) return true;
  const now = stampVariables(Object.keys(recorded), env);
  return Object.keys(recorded).every((name) => recorded[name] === now[name]);
}

export function sameEnv(a: NoopStamp['env'], b: NoopStamp['env']): boolean {
  return STAMP_ENV.every((key) => a[key] === b[key]);
}

export async function writeNoopStamp(root: string, stamp: NoopStamp): Promise<void> {
  await writeFileAtomic(stampPath(root), `${JSON.stringify(stamp)}\n`, { private: true });
}

export async function removeNoopStamp(root: string): Promise<void> {
  await fs.rm(stampPath(root), { force: true });
}

/** The stamp, or undefined when there is none or it cannot be read. */
export function readNoopStamp(root: string): NoopStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(root), 'utf8')) as NoopStamp;
    return stamp.version === NOOP_STAMP_VERSION ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** The arguments that decide a build's result, in the one form the stamp and the fast path compare. */
export function noopArgs(images: string[], registry?: string): string[] {
  return [...[...images].sort(), ...(registry ? [`registry=${registry}`] : [])];
}
