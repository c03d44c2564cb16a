import path from 'node:path';
import { joinRel, toPosix } from '../util/paths.js';

/** A git or URL build context, which strata records but does not read. */
export function isRemoteContext(value: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(value);
}

/** A named build context that is not a folder: another target, service or image. */
export function isNonPathContext(value: string): boolean {
  return /^(?:service|target|docker-image|oci-layout):/.test(value) || isRemoteContext(value);
}

/** `p` (relative to `base`, both root-relative POSIX) as a root-relative path; absolute paths stay absolute. */
export function localPath(base: string, p: string): string {
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) return toPosix(path.normalize(p));
  return joinRel(base, p);
}

/** Folder of a root-relative file, `.` for the root. */
export function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '' ? '.' : d;
}
