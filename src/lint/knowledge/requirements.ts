import { valid } from '@renovatebot/pep440';
import { normalizePackageName } from './package-names.js';

/** One requirement: `torch==2.0.1+cu118`, `flask>=2`, `detectron2 @ git+https://...`, `git+https://...#egg=x`. */
export interface Requirement {
  /** Normalised name; absent for a bare URL or path without `#egg=`. */
  name?: string;
  /** As written, without comments and options. */
  text: string;
  /** Version specifier (`==2.0.1`, `>=1,<2`). */
  specifier?: string;
  /** The exact version when the specifier pins one (`==X`, `===X`, without wildcards). */
  version?: string;
  /** VCS or file URL (`git+https://...@ref`, `https://.../x.whl`). */
  url?: string;
  /** Local path (`.`, `./pkg`, `/src/x`), with `-e` or not. */
  path?: string;
  editable: boolean;
  line: number;
}

/** A parsed requirements file: requirements and the options that change how pip installs them. */
export interface RequirementsFile {
  requirements: Requirement[];
  /** `-r other.txt` includes, as written (relative to the including file). */
  includes: { path: string; line: number }[];
  /** `-c constraints.txt`. */
  constraints: { path: string; line: number }[];
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
}

/** Parses requirements.txt text (pip's format: comments, `\` continuations, options, `-e`). */
export function parseRequirements(text: string): RequirementsFile {
  const out: RequirementsFile = {
    requirements: [],
    includes: [],
    constraints: [],
    extraIndexUrls: [],
    findLinks: [],
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i] ?? '';
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] ?? '');
    line = line.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const opt = /^(-[a-zA-Z]|--[a-z-]+)(?:\s*=\s*|\s+)?(.*)$/.exec(line);
    if (opt && line.startsWith('-')) {
      const [, flag, rest = ''] = opt;
      const value = rest.trim().split(/\s+/)[0] ?? '';
      const kind = flag === undefined ? undefined : pipSourceOption(flag);
      if (kind === 'requirement') out.includes.push({ path: value, line: lineNo });
      else if (kind === 'constraint') out.constraints.push({ path: value, line: lineNo });
      else if (kind) addPipSource(out, kind, kind === 'editable' ? rest.trim() : value, lineNo);
      continue;
    }
    const req = parseRequirement(line.replace(/\s--?[a-z][\w-]*(=\S*)?.*$/i, ''), lineNo);
    if (req) out.requirements.push(req);
  }
  return out;
}

/** The pip options that say where requirements come from; they mean the same on a command line and in a file. */
export type PipSourceOption =
  | 'requirement'
  | 'constraint'
  | 'editable'
  | 'index-url'
  | 'extra-index-url'
  | 'find-links';

const PIP_SOURCE_OPTIONS = new Map<string, PipSourceOption>([
  ['-r', 'requirement'],
  ['--requirement', 'requirement'],
  ['-c', 'constraint'],
  ['--constraint', 'constraint'],
  ['-e', 'editable'],
  ['--editable', 'editable'],
  ['-i', 'index-url'],
  ['--index-url', 'index-url'],
  ['--extra-index-url', 'extra-index-url'],
  ['-f', 'find-links'],
  ['--find-links', 'find-links'],
]);

/** What a pip option (`-r`, `--index-url`, ...) says about where requirements come from; undefined for the rest. */
export function pipSourceOption(flag: string): PipSourceOption | undefined {
  return PIP_SOURCE_OPTIONS.get(flag);
}

/** The requirements and indexes a pip command or requirements file names. */
export interface PipSources {
  requirements: Requirement[];
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
}

/**
 * Records an index, find-links or editable option (`value` is the whole requirement for `editable`). `-r`
 * and `-c` files are the caller's to record: a command keeps their paths, a file their lines too.
 */
export function addPipSource(
  out: PipSources,
  kind: Exclude<PipSourceOption, 'requirement' | 'constraint'>,
  value: string,
  line = 0,
): void {
  if (kind === 'index-url') out.indexUrl = value;
  else if (kind === 'extra-index-url') out.extraIndexUrls.push(value);
  else if (kind === 'find-links') out.findLinks.push(value);
  else {
    const req = parseRequirement(value, line);
    if (req) out.requirements.push({ ...req, editable: true });
  }
}

const NAME = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/;

/** Parses one requirement specifier as pip accepts it on a command line or in a file. */
export function parseRequirement(spec: string, line = 0): Requirement | undefined {
  const text = spec.trim().replace(/^["']|["']$/g, '');
  if (text === '') return undefined;
  const withoutMarker = text.split(';')[0]!.trim();
  if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:)/i.test(withoutMarker)) {
    const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(withoutMarker)?.[1];
    const name = egg ?? nameFromUrl(withoutMarker);
    return {
      name: name ? normalizePackageName(name) : undefined,
      text,
      url: withoutMarker,
      editable: false,
      line,
    };
  }
  if (/^(\.|\/|~)/.test(withoutMarker) || (withoutMarker.includes('/') && !withoutMarker.includes('@'))) {
    return { text, path: withoutMarker, editable: false, line };
  }
  const m = NAME.exec(withoutMarker);
  if (!m) return undefined;
  const name = normalizePackageName(m[1]!);
  const rest = (m[3] ?? '').trim();
  if (rest.startsWith('@')) {
    return { name, text, url: rest.slice(1).trim(), editable: false, line };
  }
  const specifier = rest.replace(/\s+/g, '') || undefined;
  return { name, text, specifier, version: exactVersion(specifier), editable: false, line };
}

/** `==2.0.1+cu118` -> `2.0.1+cu118`; `>=1`, `==2.*`, `~=1.2` -> undefined. Conda's `=2.0.1` is accepted too. */
export function exactVersion(specifier: string | undefined): string | undefined {
  if (!specifier) return undefined;
  const m = /^(?:===?|=)([^,;*<>=!~\s]+)$/.exec(specifier);
  if (!m) return undefined;
  return valid(m[1]!) ? m[1] : undefined;
}

/** The package name a wheel or VCS URL installs: `torch-2.0.1+cu118-cp310-...whl` -> torch, `.../pytorch3d.git@v0.7.4` -> pytorch3d. */
export function nameFromUrl(url: string): string | undefined {
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const wheel = /^([A-Za-z0-9_.]+)-\d[^-]*-.*\.whl$/.exec(file);
  if (wheel) return wheel[1];
  const sdist = /^([A-Za-z0-9_.-]+?)-\d[\w.+-]*\.(tar\.gz|zip|tar\.bz2)$/.exec(file);
  if (sdist) return sdist[1];
  const vcs = /\/([A-Za-z0-9_.-]+?)(?:\.git)?(?:@[^/]*)?$/.exec(url.split(/[?#]/)[0]!);
  return vcs?.[1];
}

/** Version pinned by a wheel URL (`torch-2.0.1+cu118-cp310-...whl` -> `2.0.1+cu118`). */
export function versionFromWheelUrl(url: string): string | undefined {
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const m = /^[A-Za-z0-9_.]+-(\d[^-]*)-.*\.whl$/.exec(decodeURIComponent(file));
  return m?.[1];
}
