import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type {
  BakeGroup,
  ComposeImageUse,
  Discovery,
  ImageDefinition,
  ScriptMention,
  VariableUse,
} from '../model/definition.js';
import { type Diagnostic, diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { StrataError } from '../model/errors.js';
import { readTextFile } from '../util/fs.js';
import { escapesRoot, joinRel } from '../util/paths.js';
import { type BakeInput, type BakeResult, parseBakeFiles } from './bake.js';
import { type BakeInvocation, DEFAULT_BAKE_FILES, findBakeInvocations } from './bake-invocation.js';
import { parseCompose } from './compose.js';
import { configDefinitions, loadStrataConfig } from './config.js';
import { parseDotenv } from './dotenv.js';
import { isGeneratedByStrata } from './generated.js';
import { dirOf, relativiseDefinition } from './local-path.js';
import { evaluateMakefiles } from './make/index.js';
import { scriptDialect } from './names.js';
import { parseBuildScript } from './scripts.js';
import { walk } from './walk.js';
import { isWorkflowPath, readGithubWorkflows, readGitlabCi } from './workflows/index.js';

export { type BakeInput, type BakeOptions, type BakeResult, parseBake, parseBakeFiles } from './bake.js';
export { type BakeInvocation, findBakeInvocations } from './bake-invocation.js';
export { type ComposeResult, parseCompose } from './compose.js';
export {
  loadStrataConfig,
  parseStrataConfig,
  type StrataConfigFile,
  type StrataConfigResult,
  type StrataImageConfig,
} from './config.js';
export {
  type DockerignoreMatcher,
  dockerignoreCandidates,
  dockerignoreMatcher,
  loadDockerignore,
  loadDockerignoreSync,
  parseDockerignore,
} from './dockerignore.js';
export { parseDotenv } from './dotenv.js';
export { GENERATED_MARKER, isGeneratedByStrata } from './generated.js';
export { interpolate } from './interpolate.js';
export * from './names.js';
export { parseBuildScript, type ScriptParseOptions, type ScriptResult } from './scripts.js';
export { type WalkOptions, type WalkResult, walk } from './walk.js';

export interface DiscoverOptions {
  /** gitignore-style patterns relative to the root, on top of .gitignore and strata.yaml `exclude`. */
  exclude?: string[];
  /**
   * The invoking environment: it overrides bake `variable` defaults and compose `.env` values, as
   * `docker buildx bake` and `docker compose` do. None by default (a library call does not read the
   * process environment); the CLI passes its own unless told to ignore it.
   */
  env?: Record<string, string | undefined>;
  /** Values pinned for this scan (`--set VAR=value`, `--env-file`): they win over `env`, `.env` and defaults. */
  set?: Record<string, string>;
}

/** Files read at the same time. */
const READ_CONCURRENCY = 16;

/**
 * Finds everything that defines images under `root`: Dockerfiles, compose and bake files, build scripts,
 * strata.yaml. Problems in the user's files are diagnostics; one bad file never stops the rest. Only a root
 * that is not a directory throws (StrataError STRATA_ROOT_NOT_DIRECTORY).
 */
export async function discover(root: string, opts: DiscoverOptions = {}): Promise<Discovery> {
  const abs = path.resolve(root);
  const rootStat = await fs.stat(abs).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new StrataError('STRATA_ROOT_NOT_DIRECTORY', `${root} is not a directory`, {
      hint: 'give the folder of the repository to scan',
    });
  }
  const env = opts.env ?? {};
  const set = opts.set ?? {};
  const diagnostics: Diagnostic[] = [];
  const limit = pLimit(READ_CONCURRENCY);

  const config = await loadStrataConfig(abs);
  diagnostics.push(...config.diagnostics);
  const walked = await walk(abs, { exclude: [...config.config.exclude, ...(opts.exclude ?? [])] });
  diagnostics.push(...walked.diagnostics);
  const { files } = walked;

  const definitions: ImageDefinition[] = [];
  const mentions: ScriptMention[] = [];
  const runOnly: ComposeImageUse[] = [];
  const bakeGroups: BakeGroup[] = [];
  const invocations: BakeInvocation[] = [];
  const bakeTexts = new Map<string, string>();
  const fileExists = (rel: string): boolean =>
    !escapesRoot(rel) && !path.isAbsolute(rel) && existsSync(path.join(abs, rel));

  const readAll = (list: string[], each: (rel: string, text: string) => Promise<void> | void) =>
    Promise.all(
      list.map((rel) =>
        limit(async () => {
          const read = await readTextFile(abs, rel);
          if (!read.ok) diagnostics.push(read.diagnostic);
          else await each(rel, read.text);
        }),
      ),
    );

  const dockerfileSet = new Set(files.dockerfile);
  const exists = (rel: string): boolean =>
    dockerfileSet.has(rel) || (!escapesRoot(rel) && !path.isAbsolute(rel) && existsSync(path.join(abs, rel)));

  const makefiles = files.script.filter((f) => scriptDialect(f) === 'make');
  const otherScripts = files.script.filter((f) => scriptDialect(f) !== 'make');
  const makeTexts = new Map<string, string>();
  const workflowTexts: { file: string; text: string }[] = [];

  // Compose files of one folder share its .env: read it once.
  const dotenvs = new Map<string, Promise<Record<string, string>>>();
  const dotenvOf = (dir: string): Promise<Record<string, string>> => {
    let vars = dotenvs.get(dir);
    if (!vars) {
      vars = readTextFile(abs, joinRel(dir, '.env')).then((read) => (read.ok ? parseDotenv(read.text) : {}));
      dotenvs.set(dir, vars);
    }
    return vars;
  };

  await Promise.all([
    readAll(files.compose, async (rel, text) => {
      const composeEnv = { ...(await dotenvOf(dirOf(rel))), ...definedOnly(env), ...set };
      const result = parseCompose(text, rel, abs, composeEnv);
      definitions.push(...result.definitions);
      runOnly.push(...result.runOnly);
      diagnostics.push(...result.diagnostics);
    }),
    readAll(files.bake, (rel, text) => {
      if (isGeneratedByStrata(text)) return;
      bakeTexts.set(rel, text);
    }),
    readAll(files.workflow, (rel, text) => {
      workflowTexts.push({ file: rel, text });
      invocations.push(...findBakeInvocations(text, rel, fileExists));
    }),
    readAll(makefiles, (rel, text) => {
      makeTexts.set(rel, text);
      invocations.push(...findBakeInvocations(text, rel, fileExists));
    }),
    readAll(otherScripts, (rel, text) => {
      invocations.push(...findBakeInvocations(text, rel, fileExists));
      const result = parseBuildScript(text, rel, { exists });
      definitions.push(...result.definitions);
      mentions.push(...result.mentions);
      diagnostics.push(...result.diagnostics);
    }),
  ]);
  const make = evaluateMakefiles(makefiles, {
    read: (rel) => makeTexts.get(rel) ?? readInsideRoot(abs, rel),
    exists,
  });
  definitions.push(...make.definitions);
  mentions.push(...make.mentions);
  diagnostics.push(...make.diagnostics);
  workflowTexts.sort((a, b) => a.file.localeCompare(b.file));
  const ci = [
    readGithubWorkflows(
      workflowTexts.filter((w) => isWorkflowPath(w.file) === 'github'),
      { exists },
    ),
    ...workflowTexts
      .filter((w) => isWorkflowPath(w.file) === 'gitlab')
      .map((w) => readGitlabCi(w.text, w.file, { exists })),
  ];
  for (const result of ci) {
    definitions.push(...result.definitions);
    mentions.push(...result.mentions);
    diagnostics.push(...result.diagnostics);
  }
  // Files an invocation names that the walk does not classify as bake files (`-f shared/versions.hcl`).
  await readAll(
    [...new Set(invocations.flatMap((i) => i.files))].filter((f) => !bakeTexts.has(f)).sort(),
    (rel, text) => {
      bakeTexts.set(rel, text);
    },
  );
  const variables: VariableUse[] = [];
  const bakeTargets = new Set<string>();
  for (const group of bakeRuns(files.bake, invocations)) {
    const inputs: BakeInput[] = group.files.flatMap((file) => {
      const text = bakeTexts.get(file);
      return text === undefined ? [] : [{ file, text }];
    });
    const result = evaluateBakeRun(inputs, group, { root: abs, env, set }, fileExists);
    for (const def of result.definitions) {
      const key = `${def.origin.file}\n${def.origin.name}`;
      if (bakeTargets.has(key)) continue;
      bakeTargets.add(key);
      definitions.push(def);
    }
    diagnostics.push(...result.diagnostics);
    variables.push(...result.variables);
    for (const [name, targets] of Object.entries(result.groups)) {
      const at = result.groupLines?.[name];
      bakeGroups.push({
        file: at?.file ?? group.files[0] ?? '',
        ...(at?.line ? { line: at.line } : {}),
        name,
        targets,
      });
    }
  }
  if (config.file) definitions.push(...configDefinitions(config.config, config.file));

  const named = new Set<string>();
  for (const def of definitions) {
    relativiseDefinition(def, abs);
    if (def.dockerfile && !def.remoteContext) named.add(def.dockerfile);
  }
  for (const dockerfile of files.dockerfile) {
    if (named.has(dockerfile)) continue;
    definitions.push({
      origin: { kind: 'dockerfile', file: dockerfile },
      dockerfile,
      context: dirOf(dockerfile),
      args: {},
      tags: [],
      contexts: {},
      platforms: [],
    });
  }

  const kept = await dropMissingDockerfiles(abs, definitions, dockerfileSet, diagnostics);
  kept.sort(
    (a, b) =>
      a.origin.file.localeCompare(b.origin.file) ||
      (a.origin.line ?? 0) - (b.origin.line ?? 0) ||
      (a.origin.name ?? '').localeCompare(b.origin.name ?? ''),
  );
  mentions.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  runOnly.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  bakeGroups.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));

  const discovery: Discovery = {
    root: abs,
    dockerfiles: files.dockerfile,
    dockerignores: files.dockerignore,
    composeFiles: files.compose,
    bakeFiles: files.bake,
    scripts: files.script,
    definitions: kept,
    scriptMentions: mentions,
    dependencyFiles: files.dependency,
    diagnostics: sortDiagnostics(diagnostics),
    runOnly,
    bakeGroups,
    variables: dedupeVariables(variables),
  };
  if (config.file) discovery.configFile = config.file;
  return discovery;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * The bake runs to evaluate: each distinct invocation (its files combined, in its folder), widest
 * first; then every bake file no invocation names, with the default files of its folder
 * (`docker-bake.hcl` + `docker-bake.override.hcl`) as `docker buildx bake` run there combines them.
 * A target is defined by the first run that reads its file.
 */
function bakeRuns(
  bakeFiles: string[],
  invocations: BakeInvocation[],
): { files: string[]; cwd: string; stated: boolean }[] {
  const seen = new Set<string>();
  const runs: { files: string[]; cwd: string; stated: boolean }[] = [];
  const add = (files: string[], cwd: string, stated: boolean) => {
    const key = `${cwd}\n${files.join('\n')}`;
    if (seen.has(key)) return;
    seen.add(key);
    runs.push({ files, cwd, stated });
  };
  for (const inv of [...invocations].sort((a, b) => b.files.length - a.files.length))
    add(inv.files, inv.cwd, true);
  const covered = new Set(runs.flatMap((r) => r.files));
  for (const file of bakeFiles) {
    if (covered.has(file)) continue;
    const dir = dirOf(file);
    const base = file.slice(file.lastIndexOf('/') + 1);
    const defaults = DEFAULT_BAKE_FILES.map((f) => joinRel(dir, f)).filter((f) => bakeFiles.includes(f));
    const files = DEFAULT_BAKE_FILES.includes(base) ? defaults : [file];
    for (const f of files) covered.add(f);
    add(files, dir, false);
  }
  return runs;
}

/**
 * Evaluates one bake run. A run no invocation states has no known folder: it is evaluated from the
 * files' folder, and when the Dockerfiles its targets name are not found from there, from each folder
 * above it up to the root, keeping the first where they all are (the Makefile or CI job that runs it
 * from the root names the files through a variable strata cannot resolve).
 */
function evaluateBakeRun(
  inputs: BakeInput[],
  run: { cwd: string; stated: boolean },
  opts: { root: string; env: Record<string, string | undefined>; set: Record<string, string> },
  exists: (rel: string) => boolean,
): BakeResult {
  const first = parseBakeFiles(inputs, { ...opts, cwd: run.cwd });
  if (run.stated) return first;
  const local = (r: BakeResult) =>
    r.definitions.filter((d) => !d.remoteContext && d.dockerfileInline === undefined && d.dockerfile);
  const found = (r: BakeResult) => local(r).filter((d) => exists(d.dockerfile as string)).length;
  if (found(first) === local(first).length) return first;
  let best = { result: first, found: found(first) };
  for (let dir = run.cwd; dir !== '.'; ) {
    dir = dirOf(dir);
    const again = parseBakeFiles(inputs, { ...opts, cwd: dir });
    const n = found(again);
    if (n === local(again).length) return again;
    if (n > best.found) best = { result: again, found: n };
  }
  if (best.found > 0) return best.result;
  // Not one Dockerfile it names exists from any folder, and nothing runs it: a template or a leftover.
  const file = inputs[0]?.file ?? '';
  return {
    ...first,
    definitions: [],
    diagnostics: [
      ...first.diagnostics,
      diagnostic(
        'STRATA_BAKE_NOT_BUILT',
        'info',
        `${file}: none of the Dockerfiles its targets name exists, and no script or workflow runs it; its targets are left out`,
        { file, hint: 'if it is built, name it in the invocation (docker buildx bake -f) or strata.yaml' },
      ),
    ],
  };
}

/** One entry per variable and declaring file. */
function dedupeVariables(list: VariableUse[]): VariableUse[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const key = `${v.file}\n${v.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A file a makefile includes that discovery did not read already (an include with another name). */
function readInsideRoot(root: string, rel: string): string | undefined {
  if (escapesRoot(rel) || path.isAbsolute(rel)) return undefined;
  try {
    return readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** A definition whose Dockerfile does not exist is an error at the line that names it, and is dropped. */
async function dropMissingDockerfiles(
  root: string,
  definitions: ImageDefinition[],
  known: Set<string>,
  diagnostics: Diagnostic[],
): Promise<ImageDefinition[]> {
  const checks = await Promise.all(
    definitions.map(async (def) => {
      if (
        !def.dockerfile ||
        def.remoteContext ||
        def.dockerfileInline !== undefined ||
        known.has(def.dockerfile)
      ) {
        return true;
      }
      const stat = await fs.stat(path.resolve(root, def.dockerfile)).catch(() => undefined);
      if (stat?.isFile()) return true;
      const { origin } = def;
      const who = origin.name
        ? `${origin.kind} ${origin.name}`
        : `this ${origin.kind === 'script' ? 'build line' : origin.kind}`;
      diagnostics.push(
        diagnostic(
          'STRATA_DOCKERFILE_MISSING',
          'error',
          `${who} builds ${def.dockerfile}, which ${stat ? 'is not a file' : 'does not exist'}`,
          {
            file: origin.file,
            ...(origin.line === undefined ? {} : { line: origin.line }),
            hint: `fix the path (context ${def.context}), or create the Dockerfile`,
          },
        ),
      );
      return false;
    }),
  );
  return definitions.filter((_, i) => checks[i]);
}

export { isNonPathContext, isRemoteContext } from './local-path.js';
