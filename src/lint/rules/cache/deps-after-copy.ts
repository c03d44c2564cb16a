import type { Instruction } from '../../../model/dockerfile.js';
import { dependencyInstallKind, parsePipInstall } from '../../knowledge/package-commands.js';
import { runCommands, type ShellCommand } from '../../knowledge/shell.js';
import type { Finding, StageRule } from '../../rule.js';
import { findingAt, firstLine } from '../../stages.js';

/** Files a dependency install reads; copying only these first keeps the install layer cached. */
const MANIFESTS = [
  /^requirements.*\.(txt|in)$/,
  /^requirements$/,
  /^constraints.*\.txt$/,
  /^package(-lock)?\.json$/,
  /^npm-shrinkwrap\.json$/,
  /^(yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.yarnrc(\.yml)?|\.npmrc|\.yarn)$/,
  /^(pyproject\.toml|poetry\.lock|uv\.lock|pdm\.lock|pipfile(\.lock)?|setup\.cfg|setup\.py|\.python-version)$/i,
  /^(environment|conda[-_.].*)\.ya?ml$/,
  /^(go\.(mod|sum)|gemfile(\.lock)?|cargo\.(toml|lock)|composer\.(json|lock)|mix\.(exs|lock))$/i,
  /^(pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|gradle\.properties|.*\.csproj|packages\.lock\.json)$/,
  /^versions?\.(txt|env)$/,
  /^\.nvmrc$/,
];

export function isManifestSource(source: string): boolean {
  const base = source.replace(/\/+$/, '').split('/').pop() ?? '';
  const re = new RegExp(
    `^${base
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  const examples = [
    'requirements.txt',
    'requirements-dev.txt',
    'package.json',
    'package-lock.json',
    'yarn.lock',
    'pyproject.toml',
    'poetry.lock',
    'uv.lock',
    'go.mod',
    'go.sum',
    'Cargo.lock',
    'Gemfile.lock',
  ];
  if (/[*?]/.test(base)) return examples.some((e) => re.test(e)) && !re.test('main.py');
  return MANIFESTS.some((m) => m.test(base));
}

function isWholeContext(source: string): boolean {
  return /^(\.\/?|\.\/\*|\*)$/.test(source);
}

function contextSources(ins: Instruction): string[] {
  if (ins.flags.some((f) => f.name === 'from') || ins.heredocs.length > 0) return [];
  const words = ins.words.filter((w) => ins.jsonForm || !w.startsWith('--'));
  return words.slice(0, -1).filter((s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s));
}

/**
 * `pip install --no-deps .` (or `pip install -e .` once the dependencies are in): installing the project
 * itself needs its sources, and is the last step of the manifest-first pattern.
 */
function installsProjectOnly(cmd: ShellCommand, dependenciesInstalled: boolean): boolean {
  const pip = parsePipInstall(cmd);
  if (!pip || pip.requirementFiles.length > 0 || pip.requirements.some((r) => r.path === undefined))
    return false;
  return dependenciesInstalled || cmd.words.includes('--no-deps');
}

/** Installs after `COPY . .` (or after copying sources, not just the manifest) rerun on every code change. */
export const rule: StageRule = {
  meta: {
    id: 'cache-deps-after-copy',
    category: 'cache',
    severity: 'warning',
    enabledByDefault: false,
    description: 'Dependencies are installed after copying the sources instead of only the manifest',
  },
  scope: 'stage',
  check(stage, file) {
    const out: Finding[] = [];
    let broad: Instruction | undefined;
    let sources: Instruction | undefined;
    let installedBefore = false;
    for (const ins of stage.instructions) {
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const list = contextSources(ins);
        if (list.some(isWholeContext)) broad ??= ins;
        else if (list.some((s) => !isManifestSource(s))) sources ??= ins;
        continue;
      }
      if (ins.keyword !== 'RUN') continue;
      for (const cmd of runCommands(ins)) {
        const kind = dependencyInstallKind(cmd);
        if (!kind) continue;
        const after = broad ?? (kind === 'manifest' ? sources : undefined);
        if (!after) {
          installedBefore = true;
          continue;
        }
        if (installsProjectOnly(cmd, installedBefore)) continue;
        const what = after === broad ? 'the whole context' : 'source files';
        out.push(
          findingAt(
            file,
            firstLine(ins),
            `\`${cmd.words.slice(0, 3).join(' ')}\` runs after ${after.keyword} of ${what} (line ${after.range.line}): every source change reinstalls the dependencies`,
            'copy only the manifest (requirements*.txt, package*.json, pyproject.toml and lock files) before the install, and the rest of the sources after it',
          ),
        );
        break;
      }
    }
    return out;
  },
};
