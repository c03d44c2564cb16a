import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type {
  BakeGroup,
  ComposeImageUse,
  Discovery,
  ImageDefinition,
  ScriptMention,
} from '../model/definition.js';
import { type Diagnostic, diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import { StrataError } from '../model/errors.js';
import { readTextFile } from '../util/fs.js';
import { escapesRoot, joinRel } from '../util/paths.js';
import { parseBake } from './bake.js';
import { parseCompose } from './compose.js';
import { configDefinitions, loadStrataConfig } from './config.js';
import { parseDotenv } from './dotenv.js';
import { dirOf, relativiseDefinition } from './local-path.js';
import { evaluateMakefiles } from './make/index.js';
import { scriptDialect } from './names.js';
import { parseBuildScript } from './scripts.js';
import { walk } from './walk.js';
import { isWorkflowPath, readGithubWorkflows, readGitlabCi } from './workflows/index.js';

export { type BakeResult, parseBake } from './bake.js';
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
export { interpolate } from './interpolate.js';
export * from './names.js';
export { parseBuildScript, type ScriptParseOptions, type ScriptResult } from './scripts.js';
export { type WalkOptions, type WalkResult, walk } from './walk.js';

export interface DiscoverOptions {
  /** gitignore-style patterns relative to the root, on top of .gitignore and strata.yaml `exclude`. */
  exclude?: string[];
  /** Variables for compose and bake interpolation. None by default, so a scan does not depend on the shell. */
  env?: Record<string, string>;
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
      const composeEnv = { ...(await dotenvOf(dirOf(rel))), ...env };
      const result = parseCompose(text, rel, abs, composeEnv);
      definitions.push(...result.definitions);
      runOnly.push(...result.runOnly);
      diagnostics.push(...result.diagnostics);
    }),
    readAll(files.bake, (rel, text) => {
      const result = parseBake(text, rel, abs, env);
      definitions.push(...result.definitions);
      diagnostics.push(...result.diagnostics);
      for (const [name, targets] of Object.entries(result.groups))
        bakeGroups.push({ file: rel, name, targets });
    }),
    readAll(files.workflow, (rel, text) => {
      workflowTexts.push({ file: rel, text });
    }),
    readAll(makefiles, (rel, text) => {
      makeTexts.set(rel, text);
    }),
    readAll(otherScripts, (rel, text) => {
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
  };
  if (config.file) discovery.configFile = config.file;
  return discovery;
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
