import { posix } from 'node:path';

/**
 * Packages as an image's file system records them, read from the metadata files a layer holds:
 * dpkg (`var/lib/dpkg/status`, `var/lib/dpkg/info/<pkg>.list`), pip (`<name>-<version>.dist-info/RECORD`),
 * conda (`conda-meta/<name>-<version>-<build>.json`) and npm (`node_modules/<name>/package.json`).
 */

export type PackageManager = 'dpkg' | 'pip' | 'conda' | 'npm';

export interface PackageId {
  manager: PackageManager;
  name: string;
  version: string;
}

/** `dpkg:python3-torch@2.1.0`: one string per package, for maps and JSON. */
export function packageKey(p: PackageId): string {
  return `${p.manager}:${p.name}@${p.version}`;
}

const DPKG_STATUS = 'var/lib/dpkg/status';
const DPKG_LIST = /^var\/lib\/dpkg\/info\/([^/]+)\.list$/;
const PIP_RECORD = /(?:^|\/)([^/]+)\.dist-info\/RECORD$/;
const CONDA_META = /(?:^|\/)conda-meta\/([^/]+)\.json$/;
const NPM_MANIFEST = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/;

/** True for the files a layer scan keeps whole to learn its packages. */
export function isPackageMetadataPath(path: string): boolean {
  return (
    path === DPKG_STATUS ||
    DPKG_LIST.test(path) ||
    PIP_RECORD.test(path) ||
    CONDA_META.test(path) ||
    NPM_MANIFEST.test(path)
  );
}

/** dpkg status paragraphs of installed packages: name (arch-qualified names lose `:arch`) -> version. */
export function parseDpkgStatus(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const para of text.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(para)?.[1];
    const version = /^Version:\s*(\S+)/m.exec(para)?.[1];
    const status = /^Status:\s*(.+)$/m.exec(para)?.[1] ?? 'install ok installed';
    if (name && version && /\binstalled\b/.test(status) && !/not-installed/.test(status))
      out.set(name, version);
  }
  return out;
}

/**
 * The usr-merged twin of a path (`lib/x` <-> `usr/lib/x`): dpkg lists files under `/lib`, `/bin`, `/sbin`
 * while a merged-usr image stores them under `usr/` (Debian 12 and later).
 */
function mergedUsr(path: string): string | undefined {
  const m = /^(lib|lib32|lib64|libx32|bin|sbin)\//.exec(path);
  return m ? `usr/${path}` : undefined;
}

/** One package known from metadata, with the files its manager says it owns (image paths). */
export interface PackageRecord {
  id: PackageId;
  /** Path of the metadata file the record comes from. */
  source: string;
  files: string[];
  /** A directory every file under belongs to the package (npm), instead of a list. */
  prefix?: string;
}

/**
 * Reads one metadata file into a package record. `dpkgVersions` (from the status file seen so far)
 * gives dpkg packages their version. Returns undefined for files that say nothing usable.
 */
export function parsePackageMetadata(
  path: string,
  text: string,
  dpkgVersions: Map<string, string>,
): PackageRecord | undefined {
  const list = DPKG_LIST.exec(path);
  if (list) {
    const name = list[1]!.replace(/:[^:]+$/, '');
    const files: string[] = [];
    for (const line of text.split('\n')) {
      const p = line.trim().replace(/^\/+/, '');
      if (p === '' || p === '.') continue;
      files.push(p);
      const twin = mergedUsr(p);
      if (twin) files.push(twin);
    }
    return { id: { manager: 'dpkg', name, version: dpkgVersions.get(name) ?? '' }, source: path, files };
  }
  const record = PIP_RECORD.exec(path);
  if (record) {
    const dist = record[1]!;
    const dash = dist.indexOf('-');
    const name = dash < 0 ? dist : dist.slice(0, dash);
    const version = dash < 0 ? '' : dist.slice(dash + 1);
    const site = posix.dirname(posix.dirname(path));
    const files: string[] = [];
    for (const line of text.split('\n')) {
      const rel = line.split(',')[0]?.trim();
      if (!rel) continue;
      const p = posix.normalize(posix.join(site, rel));
      if (!p.startsWith('..')) files.push(p);
    }
    return { id: { manager: 'pip', name: name.replace(/_/g, '-'), version }, source: path, files };
  }
  const conda = CONDA_META.exec(path);
  if (conda) {
    try {
      const meta = JSON.parse(text) as { name?: string; version?: string; files?: string[] };
      if (!meta.name) return undefined;
      const prefix = posix.dirname(posix.dirname(path));
      const files = (meta.files ?? []).map((f) => (prefix === '.' ? f : posix.join(prefix, f)));
      return {
        id: { manager: 'conda', name: meta.name, version: meta.version ?? '' },
        source: path,
        files,
      };
    } catch {
      return undefined;
    }
  }
  const npm = NPM_MANIFEST.exec(path);
  if (npm) {
    let version = '';
    let name = npm[1]!;
    try {
      const meta = JSON.parse(text) as { name?: string; version?: string };
      version = meta.version ?? '';
      name = meta.name ?? name;
    } catch {
      // a package.json that is not JSON: still a package by its folder
    }
    return { id: { manager: 'npm', name, version }, source: path, files: [], prefix: posix.dirname(path) };
  }
  return undefined;
}

/** The npm package folder a path lies in (`a/node_modules/@s/p/lib/x.js` -> `a/node_modules/@s/p`). */
export function npmPackageDir(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  const take = rest[0]?.startsWith('@') ? 2 : 1;
  if (rest.length <= take) return undefined;
  return path.slice(0, at + 'node_modules/'.length) + rest.slice(0, take).join('/');
}
