import path from 'node:path';

/** The folder strata keeps its own files in, under the scanned root. */
export function strataDir(root: string): string {
  return path.join(root, '.strata');
}

export const statePath = (root: string): string => path.join(strataDir(root), 'state.json');
export const historyPath = (root: string): string => path.join(strataDir(root), 'history.jsonl');
export const fileHashCachePath = (root: string): string => path.join(strataDir(root), 'file-hashes.json');
export const logsDir = (root: string): string => path.join(strataDir(root), 'logs');
