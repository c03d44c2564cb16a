import path from 'node:path';
import type { DockerTarget } from '../engine/exec.js';
import { UsageError } from '../model/errors.js';
import type { ImageGraph } from '../model/graph.js';
import { scanRepository } from '../scan.js';
import type { TestResult, VerifyResult } from './result.js';
import { type RunVerifyOptions, runVerify, type VerifyTarget } from './run.js';
import { loadTestFiles, loadVerifySection, verifyTargets } from './select.js';

export { toGithubAnnotations } from './format/github.js';
export { toVerifyJson, VERIFY_JSON_VERSION, type VerifyJson } from './format/json.js';
export { toJunitXml } from './format/junit.js';
export type * from './result.js';
export { countResults } from './result.js';
export { type RunVerifyOptions, runVerify, type VerifyTarget } from './run.js';
export { parseTestFile, type TestFile } from './schema.js';
export { loadTestFiles, loadVerifySection, verifyTargets } from './select.js';
export { RUN_LABEL, VerifySession } from './session.js';

export interface VerifyOptions {
  /** Repository folder whose family names the images (default `.`). */
  root?: string;
  /** Family ids, tags, compose services or image references; all images with tests when empty. */
  images?: string[];
  /** Test files for every named image (CST's --config); strata.yaml's `verify:` when none. */
  configs?: string[];
  /** Folder --config paths and their envFile are relative to (default: the process's). */
  cwd?: string;
  jobs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  docker?: DockerTarget;
  runId?: string;
  /** An already scanned family (build --verify passes its own). */
  graph?: ImageGraph;
  onResult?: (target: VerifyTarget, result: TestResult) => void;
}

/**
 * `strata verify`: scans the family (unless given), picks the images and their tests, and runs them.
 * Test-file problems come back as diagnostics and as errored tests; a file with errors still runs the
 * tests it could read.
 * Throws UsageError for a --config file that cannot be read or parsed, an unknown image with no tests or
 * no image at all, EngineError when the engine does not answer.
 */
export async function verify(options: VerifyOptions = {}): Promise<VerifyResult> {
  const root = path.resolve(options.root ?? '.');
  const cwd = options.cwd ?? process.cwd();
  const configs = await loadTestFiles(options.configs ?? [], cwd);
  // A --config file that cannot be read or parsed is bad input to the command, not an empty run.
  const unreadable = configs.files.find((f) => !f.readable);
  if (unreadable) {
    const first = configs.diagnostics.find((d) => d.severity === 'error' && d.file === unreadable.file);
    throw new UsageError(
      first?.message ?? `cannot read test file ${unreadable.file}`,
      first?.hint ?? 'give the path of a container-structure-test YAML or JSON file',
    );
  }
  const graph = options.graph ?? (await scanRepository(root)).graph;
  const section =
    (options.configs ?? []).length > 0
      ? { entries: [], diagnostics: [] }
      : await loadVerifySection(root, cwd);
  const targets = verifyTargets(graph, options.images ?? [], { configFiles: configs.files, section });
  const run: RunVerifyOptions = {
    targets,
    graph,
    diagnostics: [...configs.diagnostics, ...section.diagnostics],
  };
  if (options.jobs !== undefined) run.jobs = options.jobs;
  if (options.timeoutMs !== undefined) run.timeoutMs = options.timeoutMs;
  if (options.signal) run.signal = options.signal;
  if (options.docker) run.docker = options.docker;
  if (options.runId) run.runId = options.runId;
  if (options.onResult) run.onResult = options.onResult;
  return runVerify(run);
}
