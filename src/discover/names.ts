/**
 * What a file is, from its base name alone. Discovery classifies every file it walks with these.
 */
export type FileKind =
  | 'dockerfile'
  | 'dockerignore'
  | 'compose'
  | 'bake'
  | 'script'
  | 'config'
  | 'dependency'
  /** CI workflows: `.github/workflows/*.yml`, `.gitlab-ci.yml` (classified by path, see `isWorkflowPath`). */
  | 'workflow';

const DOCKERFILE =
  /^(?:Dockerfile|dockerfile|Containerfile|containerfile)(?:[._-].+)?$|^.+\.(?:Dockerfile|dockerfile|Containerfile)$/;
const NOT_DOCKERFILE = /\.(?:dockerignore|md|markdown)$/i;

/**
 * `Dockerfile`, `Dockerfile.*`, `Dockerfile_*`, `Dockerfile-*`, `*.Dockerfile`, `*.dockerfile`,
 * `Containerfile`, `Containerfile.*`, `dockerfile`, `dockerfile.*`; never `*.dockerignore` or `*.md`.
 */
export function isDockerfileName(base: string): boolean {
  return DOCKERFILE.test(base) && !NOT_DOCKERFILE.test(base);
}

/** `.dockerignore` for a context, `<Dockerfile name>.dockerignore` for one Dockerfile. */
export function isDockerignoreName(base: string): boolean {
  return base === '.dockerignore' || (base.endsWith('.dockerignore') && base.length > '.dockerignore'.length);
}

/** `docker-compose*.yml|yaml`, `compose*.yml|yaml`. */
export function isComposeName(base: string): boolean {
  return /^(?:docker-)?compose[\w.-]*\.ya?ml$/.test(base);
}

/** `docker-bake*.hcl|json`, and `<name>.docker-bake.hcl|json` (one file per variant, as generated files are named). */
export function isBakeName(base: string): boolean {
  return /^(?:[\w.-]+\.)?docker-bake[\w.-]*\.(?:hcl|json)$/.test(base);
}

/** Shell scripts, Makefiles, Windows batch and PowerShell scripts. */
export function isBuildScriptName(base: string): boolean {
  return /\.(?:sh|bash|mk|bat|cmd|ps1)$/i.test(base) || /^(?:GNU)?[Mm]akefile$/.test(base);
}

export function isStrataConfigName(base: string): boolean {
  return base === 'strata.yaml' || base === 'strata.yml';
}

const DEPENDENCY_NAMES = new Set([
  'versions.txt',
  '.env',
  'pyproject.toml',
  'poetry.lock',
  'uv.lock',
  'Pipfile',
  'Pipfile.lock',
  'environment.yml',
  'environment.yaml',
  'package.json',
  'package-lock.json',
]);

/** Requirement, lock and version files that images install from. */
export function isDependencyName(base: string): boolean {
  return DEPENDENCY_NAMES.has(base) || /^(?:requirements|constraints)[\w.-]*\.txt$/.test(base);
}

export function classifyFile(base: string): FileKind | undefined {
  if (isDockerignoreName(base)) return 'dockerignore';
  if (isDockerfileName(base)) return 'dockerfile';
  if (isComposeName(base)) return 'compose';
  if (isBakeName(base)) return 'bake';
  if (isStrataConfigName(base)) return 'config';
  if (isBuildScriptName(base)) return 'script';
  if (isDependencyName(base)) return 'dependency';
  return undefined;
}

/** Script dialect, from the file name: decides continuation lines and variable syntax. */
export type ScriptDialect = 'sh' | 'make' | 'bat' | 'ps1';

export function scriptDialect(file: string): ScriptDialect {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (/^(?:GNU)?[Mm]akefile$/.test(base) || /\.mk$/i.test(base)) return 'make';
  if (/\.(?:bat|cmd)$/i.test(base)) return 'bat';
  if (/\.ps1$/i.test(base)) return 'ps1';
  return 'sh';
}
