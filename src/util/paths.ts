import path from 'node:path';

/** POSIX form of a path (strata reports all paths with `/`). */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `abs` relative to `root`, POSIX, `.` for the root itself. */
export function relativeTo(root: string, abs: string): string {
  const rel = toPosix(path.relative(root, abs));
  return rel === '' ? '.' : rel;
}

/** Joins POSIX relative paths and normalises (`a/./b/../c` -> `a/c`); `.` for empty. */
export function joinRel(...parts: string[]): string {
  const joined = path.posix.normalize(path.posix.join(...parts.filter((p) => p !== '')));
  return joined === '' || joined === './' ? '.' : joined.replace(/\/$/, '');
}

/** True when a POSIX relative path climbs out of the root (`../x`). */
export function escapesRoot(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel);
}
