import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where strata keeps what it remembers of a repository: never inside the repository, so its own files
 * are never part of a build context, a fingerprint or an image.
 *
 * The state home is `$STRATA_STATE_HOME`, else `$XDG_STATE_HOME/strata`, else `~/.local/state/strata`
 * (the XDG Base Directory specification's place for state that outlives a run). Each repository gets
 * the folder `<folder name>-<16 hex of sha256(real path of the root)>` in it.
 */
export function stateHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRATA_STATE_HOME) return path.resolve(env.STRATA_STATE_HOME);
  if (env.XDG_STATE_HOME && path.isAbsolute(env.XDG_STATE_HOME))
    return path.join(env.XDG_STATE_HOME, 'strata');
  return path.join(os.homedir(), '.local', 'state', 'strata');
}

const keyed = new Map<string, string>();

/** The folder strata keeps a repository's state in (see stateHome); the same for every path to the root. */
export function strataDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const resolved = path.resolve(root);
  let real = keyed.get(resolved);
  if (real === undefined) {
    try {
      real = realpathSync(resolved);
    } catch {
      real = resolved;
    }
    keyed.set(resolved, real);
  }
  const name = path.basename(real).replace(/[^\w.-]+/g, '_') || 'root';
  const key = createHash('sha256').update(real).digest('hex').slice(0, 16);
  return path.join(stateHome(env), `${name}-${key}`);
}

/** The folder name earlier strata versions kept their state in, under the root; still left out of tree snapshots. */
export const LEGACY_STATE_FOLDER = '.strata';

export const statePath = (root: string): string => path.join(strataDir(root), 'state.json');
export const historyPath = (root: string): string => path.join(strataDir(root), 'history.jsonl');
export const fileHashCachePath = (root: string): string => path.join(strataDir(root), 'file-hashes.json');
export const logsDir = (root: string): string => path.join(strataDir(root), 'logs');
export const stampPath = (root: string): string => path.join(strataDir(root), 'noop-stamp.json');
