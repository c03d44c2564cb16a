import {
  addPipSource,
  type PipSourceOption,
  parseRequirement,
  pipSourceOption,
  type Requirement,
} from './requirements.js';
import { programOf, type ShellCommand } from './shell.js';

/** A `pip install` (or `python -m pip install`, `uv pip install`) command, parsed. */
export interface PipInstall {
  requirements: Requirement[];
  /** `-r FILE` paths as written. */
  requirementFiles: string[];
  constraintFiles: string[];
  indexUrl?: string;
  extraIndexUrls: string[];
  findLinks: string[];
  noBuildIsolation: boolean;
  noCacheDir: boolean;
  /** `--no-index` without `--find-links`: pip installs nothing new, it only checks what is there. */
  noIndex: boolean;
  /** `-U`, `--upgrade`, `--force-reinstall`, `--ignore-installed`: installed packages are replaced. */
  reinstall: boolean;
  /** `uv pip install` / `uv add`. */
  uv: boolean;
}

/** uv's names for pip's index options. */
const UV_SOURCE_OPTIONS = new Map<string, PipSourceOption>([
  ['--default-index', 'index-url'],
  ['--index', 'extra-index-url'],
]);

const PIP_VALUE_OPTIONS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--progress-bar',
  '--timeout',
  '--retries',
  '--trusted-host',
  '--cache-dir',
  '--log',
  '--global-option',
  '--install-option',
  '-C',
  '--config-settings',
  '--upgrade-strategy',
  '--no-binary',
  '--only-binary',
  '--python',
  '-p',
  '--extra',
  '--group',
  '--index',
  '--default-index',
  '--index-strategy',
  '--keyring-provider',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--proxy',
  '--cert',
  '--client-cert',
  '--exists-action',
  '--report',
  '--root-user-action',
]);

/** Recognises pip install commands and returns what they install. */
export function parsePipInstall(cmd: ShellCommand): PipInstall | undefined {
  const w = cmd.words;
  const prog = programOf(cmd);
  let i: number;
  let uv = false;
  if (/^pip(\d(\.\d+)?)?$/.test(prog) && w[1] === 'install') i = 2;
  else if (/^python(\d(\.\d+)?)?$/.test(prog)) {
    const m = w.indexOf('-m');
    if (m < 0 || !/^pip\d?$/.test(w[m + 1] ?? '') || w[m + 2] !== 'install') return undefined;
    i = m + 3;
  } else if (prog === 'uv' && w[1] === 'pip' && w[2] === 'install') {
    i = 3;
    uv = true;
  } else return undefined;
  const out: PipInstall = {
    requirements: [],
    requirementFiles: [],
    constraintFiles: [],
    extraIndexUrls: [],
    findLinks: [],
    noBuildIsolation: false,
    noCacheDir: false,
    noIndex: false,
    reinstall: false,
    uv,
  };
  for (; i < w.length; i++) {
    const word = w[i]!;
    if (word.startsWith('-')) {
      const eq = word.indexOf('=');
      let name = eq > 0 && word.startsWith('--') ? word.slice(0, eq) : word;
      let value: string | undefined = eq > 0 && word.startsWith('--') ? word.slice(eq + 1) : undefined;
      if (!word.startsWith('--') && word.length > 2 && PIP_VALUE_OPTIONS.has(word.slice(0, 2))) {
        name = word.slice(0, 2);
        value = word.slice(2);
      }
      if (PIP_VALUE_OPTIONS.has(name) && value === undefined) value = w[++i];
      applyPipOption(out, name, value);
      continue;
    }
    const req = parseRequirement(word);
    if (req) out.requirements.push(req);
  }
  return out;
}

function applyPipOption(out: PipInstall, name: string, value: string | undefined): void {
  if (name === '--no-build-isolation') out.noBuildIsolation = true;
  else if (name === '--no-cache-dir' || name === '--no-cache') out.noCacheDir = true;
  else if (name === '--no-index') out.noIndex = true;
  else if (/^(-U|--upgrade|--force-reinstall|--ignore-installed|-I|--reinstall)$/.test(name))
    out.reinstall = true;
  if (value === undefined) return;
  const kind = pipSourceOption(name) ?? UV_SOURCE_OPTIONS.get(name);
  if (kind === 'requirement') out.requirementFiles.push(value);
  else if (kind === 'constraint') out.constraintFiles.push(value);
  else if (kind) addPipSource(out, kind, value);
}

/** `conda install -c pytorch pytorch==2.1.0 pytorch-cuda=12.1` (also mamba, micromamba). */
export interface CondaInstall {
  packages: { name: string; version?: string; text: string }[];
  channels: string[];
}

export function parseCondaInstall(cmd: ShellCommand): CondaInstall | undefined {
  const prog = programOf(cmd);
  if (!/^(conda|mamba|micromamba)$/.test(prog)) return undefined;
  const sub = cmd.words[1];
  if (sub !== 'install' && sub !== 'create') return undefined;
  const out: CondaInstall = { packages: [], channels: [] };
  const w = cmd.words;
  for (let i = 2; i < w.length; i++) {
    const word = w[i]!;
    if (word === '-c' || word === '--channel') {
      const ch = w[++i];
      if (ch) out.channels.push(ch);
      continue;
    }
    if (word === '-n' || word === '--name' || word === '-p' || word === '--prefix' || word === '--file') {
      i++;
      continue;
    }
    if (word.startsWith('-')) continue;
    const bare = word.includes('::') ? word.split('::')[1]! : word;
    const m = /^([A-Za-z0-9._-]+)(?:(==?)([^=<>!,\s*]+))?/.exec(bare);
    if (!m) continue;
    out.packages.push({ name: m[1]!.toLowerCase(), version: m[3], text: word });
  }
  return out;
}

/** System package installs: apt-get/apt/aptitude (Debian), apk (Alpine), yum/dnf/microdnf. */
export interface SystemInstall {
  manager: 'apt' | 'apk' | 'yum';
  packages: string[];
}

export function parseSystemInstall(cmd: ShellCommand): SystemInstall | undefined {
  const prog = programOf(cmd);
  const w = cmd.words;
  let manager: SystemInstall['manager'];
  if ((prog === 'apt-get' || prog === 'apt' || prog === 'aptitude') && w.includes('install')) manager = 'apt';
  else if (prog === 'apk' && w[1] === 'add') manager = 'apk';
  else if (/^(yum|dnf|microdnf)$/.test(prog) && w.includes('install')) manager = 'yum';
  else return undefined;
  const start = manager === 'apk' ? 2 : w.indexOf('install') + 1;
  const packages: string[] = [];
  for (let i = start; i < w.length; i++) {
    const word = w[i]!;
    if (word.startsWith('-')) {
      if (/^(-o|-t|--target-release|--repository|-X|--virtual|-t)$/.test(word)) i++;
      continue;
    }
    packages.push(word);
  }
  return { manager, packages };
}

/** `apt-get update` / `apt update` / `apk update`. */
export function isPackageIndexUpdate(cmd: ShellCommand): boolean {
  const prog = programOf(cmd);
  return (prog === 'apt-get' || prog === 'apt' || prog === 'apk') && cmd.words[1] === 'update';
}

/** `apt-get purge/remove x` packages (for build-tool cleanup in the same RUN). */
export function parseSystemRemove(cmd: ShellCommand): string[] {
  const prog = programOf(cmd);
  const w = cmd.words;
  if ((prog === 'apt-get' || prog === 'apt') && (w.includes('purge') || w.includes('remove'))) {
    return w.slice(2).filter((x) => !x.startsWith('-') && x !== 'purge' && x !== 'remove');
  }
  if (prog === 'apk' && w[1] === 'del') return w.slice(2).filter((x) => !x.startsWith('-'));
  return [];
}

/** Installs that read a project manifest: `npm ci`, `yarn install`, `poetry install`, `uv sync`, `pip install -r`. */
export type DependencyInstallKind = 'manifest' | 'packages';

/**
 * Whether a command installs dependencies, and whether it reads a manifest from the build context
 * (`manifest`) or names its packages (`packages`). Undefined when it installs nothing.
 */
export function dependencyInstallKind(cmd: ShellCommand): DependencyInstallKind | undefined {
  const prog = programOf(cmd);
  const w = cmd.words;
  const sub = w[1] ?? '';
  const pip = parsePipInstall(cmd);
  if (pip) {
    if (pip.requirementFiles.length > 0 || pip.requirements.some((r) => r.path !== undefined))
      return 'manifest';
    return pip.requirements.length > 0 ? 'packages' : undefined;
  }
  if (prog === 'npm' && (sub === 'ci' || ((sub === 'install' || sub === 'i') && w.length === 2)))
    return 'manifest';
  if (prog === 'npm' && (sub === 'install' || sub === 'i')) return 'packages';
  if ((prog === 'yarn' || prog === 'pnpm') && (w.length === 1 || sub === 'install')) return 'manifest';
  if (prog === 'poetry' && sub === 'install') return 'manifest';
  if (prog === 'uv' && sub === 'sync') return 'manifest';
  if (prog === 'pipenv' && (sub === 'install' || sub === 'sync')) return 'manifest';
  if (prog === 'bundle' && (w.length === 1 || sub === 'install')) return 'manifest';
  if (prog === 'go' && sub === 'mod' && w[2] === 'download') return 'manifest';
  if (prog === 'composer' && sub === 'install') return 'manifest';
  if ((prog === 'conda' || prog === 'mamba' || prog === 'micromamba') && sub === 'env') return 'manifest';
  if (parseCondaInstall(cmd) || parseSystemInstall(cmd)) return 'packages';
  return undefined;
}
