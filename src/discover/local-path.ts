import path from 'node:path';
import type { ImageDefinition } from '../model/definition.js';
import { escapesRoot, joinRel, relativeTo, toPosix } from '../util/paths.js';

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

/** Absolute paths of a definition that lie inside `root` (absolute) become relative; others stay as they are. */
export function relativiseDefinition(def: ImageDefinition, root: string): void {
  if (def.remoteContext) return;
  const fix = (p: string): string => {
    if (!path.isAbsolute(p)) return p;
    const rel = relativeTo(root, p);
    return escapesRoot(rel) ? p : rel;
  };
  def.context = fix(def.context);
  if (def.dockerfile) def.dockerfile = fix(def.dockerfile);
  for (const [name, value] of Object.entries(def.contexts)) def.contexts[name] = fix(value);
}
