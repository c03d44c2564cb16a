import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseDockerfile } from '../dockerfile/index.js';
import { buildGraph } from '../graph/index.js';
import type { Discovery } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type { ParsedDockerfile } from '../model/dockerfile.js';
import { type ScanOptions, scanRepository } from '../scan.js';
import { readTextFile } from '../util/fs.js';
import { relativeTo } from '../util/paths.js';
import {
  type ConfigValidation,
  type LintConfig,
  mergeLintConfig,
  reachesThreshold,
  validateLintConfig,
} from './config.js';
import { type LintResult, lintGraph } from './engine.js';
import { fromHadolintConfig, HADOLINT_CONFIG_NAMES } from './hadolint-config.js';
import { allRules } from './registry.js';
import type { Rule } from './rule.js';

export interface LintRepositoryOptions extends ScanOptions {
  /** Settings from the command line; they win over strata.yaml's `lint:` section. */
  overrides?: LintConfig;
  /** The command line set --failure-threshold (so it replaces the file's). */
  thresholdSet?: boolean;
  rules?: readonly Rule[];
  /** `--build-arg` values, as a build would get them (they win over the args compose or bake files set). */
  buildArgs?: Record<string, string>;
}

const CONFIG_NAMES = ['strata.yaml', 'strata.yml'];

/**
 * Lints a whole repository: scan (discovery, parsing, graph), then the rules. The `lint:` section of
 * strata.yaml is read and merged under the command-line overrides; its problems are reported with the
 * findings. Throws only when `root` is not a directory.
 */
export async function lintRepository(root: string, options: LintRepositoryOptions = {}): Promise<LintResult> {
  const abs = path.resolve(root);
  const scanned = await scanRepository(abs, options);
  const { discovery, dockerfiles } = scanned;
  let graph = scanned.graph;
  if (options.buildArgs && Object.keys(options.buildArgs).length > 0) {
    // `--build-arg` as a build would get it: on every image, over the args its definition sets.
    for (const d of discovery.definitions) d.args = { ...d.args, ...options.buildArgs };
    graph = buildGraph({ discovery, dockerfiles });
  }
  const rules = options.rules ?? allRules;
  const loaded = await loadLintConfig(abs, discovery.configFile, rules);
  const config = options.overrides
    ? mergeLintConfig(loaded.config, options.overrides, options.thresholdSet ?? false)
    : loaded.config;
  const result = await lintGraph({ root: abs, graph, discovery, dockerfiles }, { config, rules });
  return withProblems(result, [...loaded.errors, ...loaded.warnings]);
}

/**
 * Lints single Dockerfiles, each as an image of its own with its folder as the context. Paths inside
 * `cwd` are reported relative to it; strata.yaml in `cwd` is read.
 */
export async function lintDockerfiles(
  files: string[],
  options: Omit<LintRepositoryOptions, keyof ScanOptions> & { cwd?: string } = {},
): Promise<LintResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const absFiles = files.map((f) => path.resolve(cwd, f));
  const inside = absFiles.every((f) => !path.relative(cwd, f).startsWith('..'));
  const root = inside ? cwd : path.dirname(absFiles[0] ?? cwd);
  const sources: { rel: string; text?: string; diagnostic?: Diagnostic }[] = [];
  for (const abs of absFiles) {
    const rel = relativeTo(root, abs);
    const read = await readTextFile(root, rel);
    sources.push(read.ok ? { rel, text: read.text } : { rel, diagnostic: read.diagnostic });
  }
  return lintSources(root, sources, options);
}

/**
 * Lints Dockerfile text that is not a file (`strata lint -` reads it from stdin), as a Dockerfile named
 * `name` in `cwd` (the build context; strata.yaml or .hadolint.yaml there are read).
 */
export async function lintDockerfileText(
  text: string,
  options: Omit<LintRepositoryOptions, keyof ScanOptions> & { cwd?: string; name?: string } = {},
): Promise<LintResult> {
  const root = path.resolve(options.cwd ?? process.cwd());
  return lintSources(root, [{ rel: options.name ?? 'Dockerfile', text }], options);
}

async function lintSources(
  root: string,
  sources: { rel: string; text?: string; diagnostic?: Diagnostic }[],
  options: Omit<LintRepositoryOptions, keyof ScanOptions>,
): Promise<LintResult> {
  const discovery = emptyDiscovery(root);
  const parsed = new Map<string, ParsedDockerfile>();
  for (const { rel, text, diagnostic: problem } of sources) {
    if (text === undefined) {
      if (problem) discovery.diagnostics.push(problem);
      continue;
    }
    parsed.set(rel, parseDockerfile(text, rel));
    discovery.dockerfiles.push(rel);
    discovery.definitions.push({
      origin: { kind: 'dockerfile', file: rel },
      dockerfile: rel,
      context: relativeTo(root, path.dirname(path.resolve(root, rel))),
      args: { ...options.buildArgs },
      tags: [],
      contexts: {},
      platforms: [],
    });
  }
  const rules = options.rules ?? allRules;
  const configFile = await findFile(root, CONFIG_NAMES);
  const loaded = await loadLintConfig(root, configFile, rules);
  const config = options.overrides
    ? mergeLintConfig(loaded.config, options.overrides, options.thresholdSet ?? false)
    : loaded.config;
  const graph = buildGraph({ discovery, dockerfiles: parsed });
  const result = await lintGraph({ root, graph, discovery, dockerfiles: parsed }, { config, rules });
  return withProblems(result, [...loaded.errors, ...loaded.warnings]);
}

/**
 * Reads and validates the `lint:` section of strata.yaml. With no such section, a `.hadolint.yaml` at the
 * root is translated instead (ignored rules, overrides, trusted registries, threshold). No file means the
 * defaults.
 */
export async function loadLintConfig(
  root: string,
  configFile: string | undefined,
  rules: readonly Rule[] = allRules,
): Promise<ConfigValidation> {
  const metas = rules.map((r) => r.meta);
  const file = configFile ?? (await findFile(root, CONFIG_NAMES));
  const strata = file ? await readYaml(root, file) : undefined;
  if (strata && 'error' in strata) return { ...validateLintConfig(undefined, metas), errors: [strata.error] };
  const section = strata && isRecord(strata.value) ? strata.value.lint : undefined;
  if (section !== undefined) return validateLintConfig(section, metas, file);
  const hadolintFile = await findFile(root, HADOLINT_CONFIG_NAMES);
  if (!hadolintFile) return validateLintConfig(undefined, metas);
  const hadolint = await readYaml(root, hadolintFile);
  if ('error' in hadolint) return { ...validateLintConfig(undefined, metas), errors: [hadolint.error] };
  return fromHadolintConfig(hadolint.value, metas, hadolintFile);
}

async function readYaml(root: string, file: string): Promise<{ value: unknown } | { error: Diagnostic }> {
  const read = await readTextFile(root, file);
  if (!read.ok) return { error: read.diagnostic };
  const doc = YAML.parseDocument(read.text);
  const e = doc.errors[0];
  if (e) {
    return {
      error: diagnostic('STRATA_LINT_CONFIG', 'error', `${file}: ${e.message.split('\n')[0]}`, {
        file,
        line: e.linePos?.[0]?.line,
        hint: 'fix the YAML syntax',
      }),
    };
  }
  return { value: doc.toJS() as unknown };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function findFile(root: string, names: string[]): Promise<string | undefined> {
  for (const name of names) {
    const stat = await fs.stat(path.join(root, name)).catch(() => undefined);
    if (stat?.isFile()) return name;
  }
  return undefined;
}

function withProblems(result: LintResult, extra: Diagnostic[]): LintResult {
  if (extra.length === 0) return result;
  const problems = [...extra, ...result.problems];
  const counts = { ...result.counts };
  for (const d of extra) counts[d.severity]++;
  const failed =
    result.failed || extra.some((d) => reachesThreshold(d.severity, result.config.failureThreshold));
  return { ...result, problems, counts, failed };
}

function emptyDiscovery(root: string): Discovery {
  return {
    root,
    dockerfiles: [],
    dockerignores: [],
    composeFiles: [],
    bakeFiles: [],
    scripts: [],
    definitions: [],
    scriptMentions: [],
    dependencyFiles: [],
    diagnostics: [],
  };
}
