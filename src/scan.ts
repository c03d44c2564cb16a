import { promises as fs } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { discover, parseDotenv } from './discover/index.js';
import { parseDockerfile } from './dockerfile/index.js';
import { buildGraph, dockerfileKey } from './graph/index.js';
import type { Discovery } from './model/definition.js';
import type { ParsedDockerfile } from './model/dockerfile.js';
import { StrataError } from './model/errors.js';
import type { ImageGraph } from './model/graph.js';
import { readTextFile } from './util/fs.js';

export interface ScanOptions {
  /** Extra exclude globs, on top of .gitignore and strata.yaml `exclude`. */
  exclude?: string[];
  /**
   * The invoking environment: it overrides bake `variable` defaults and compose `.env` values, as
   * `docker buildx bake` and `docker compose` do. Defaults to none (a library call reads no process
   * environment); the CLI passes its own unless `--ignore-env` is given.
   */
  env?: Record<string, string | undefined>;
  /** Values pinned for the scan (`--set VAR=value`); they win over `envFiles`, `env`, `.env` and defaults. */
  set?: Record<string, string>;
  /** `KEY=value` files (dotenv syntax, paths relative to the working directory) pinned like `set`. */
  envFiles?: string[];
}

/**
 * The pinned values of a scan: every `envFiles` file in order, then `set`. Throws StrataError
 * STRATA_ENV_FILE_UNREADABLE when a file cannot be read.
 */
export async function pinnedValues(options: ScanOptions): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of options.envFiles ?? []) {
    const text = await fs.readFile(file, 'utf8').catch((cause: unknown) => {
      throw new StrataError('STRATA_ENV_FILE_UNREADABLE', `cannot read the env file ${file}`, {
        file,
        hint: 'give a readable KEY=value file to --env-file',
        cause,
      });
    });
    Object.assign(out, parseDotenv(text));
  }
  return { ...out, ...options.set };
}

/** Everything a scan learnt: what discovery found, the parsed Dockerfiles and the image graph. */
export interface ScanResult {
  discovery: Discovery;
  /** Parsed Dockerfiles by relative path; inline Dockerfiles under `<inline:FILE:NAME>`. */
  dockerfiles: Map<string, ParsedDockerfile>;
  graph: ImageGraph;
}

/** How many files are read at once. */
const READ_CONCURRENCY = 32;

/**
 * Reads a repository and builds its image graph: discover -> parse -> graph. Problems in the user's files
 * become diagnostics; only a missing or unreadable root directory throws.
 */
export async function scanRepository(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const abs = path.resolve(root);
  // discover() checks the root and throws STRATA_ROOT_NOT_DIRECTORY.
  const set = await pinnedValues(options);
  const discovery = await discover(abs, { exclude: options.exclude, env: options.env, set });
  const dockerfiles = new Map<string, ParsedDockerfile>();
  const wanted = new Set(discovery.dockerfiles);
  for (const def of discovery.definitions)
    if (def.dockerfile && !def.remoteContext) wanted.add(def.dockerfile);

  const limit = pLimit(READ_CONCURRENCY);
  const readDiagnostics = await Promise.all(
    [...wanted].sort().map((rel) =>
      limit(async () => {
        const read = await readTextFile(abs, rel);
        if (!read.ok) return [read.diagnostic];
        dockerfiles.set(rel, parseDockerfile(read.text, rel));
        return [];
      }),
    ),
  );
  for (const def of discovery.definitions) {
    if (def.dockerfileInline === undefined || def.dockerfile) continue;
    const key = dockerfileKey(def);
    dockerfiles.set(key, parseDockerfile(def.dockerfileInline, key));
  }
  discovery.diagnostics.push(...readDiagnostics.flat());
  return { discovery, dockerfiles, graph: buildGraph({ discovery, dockerfiles }) };
}

/** The image graph of a repository. */
export async function scan(root: string, options: ScanOptions = {}): Promise<ImageGraph> {
  return (await scanRepository(root, options)).graph;
}
