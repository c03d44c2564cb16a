import type { Diagnostic } from '../model/diagnostic.js';

/** The kinds of test: CST's four, strata's own, and `file` for an error of a test file itself. */
export type TestKind =
  | 'file'
  | 'command'
  | 'fileExistence'
  | 'fileContent'
  | 'metadata'
  | 'health'
  | 'size'
  | 'import'
  | 'port'
  | 'base'
  | 'gpu';

/**
 * `passed`/`failed`: the check ran. `skipped`: it could not run here (no GPU runtime) and says why; it is
 * never counted as passed. `error`: strata could not carry the check out (engine failure, timeout).
 */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'error';

/** One test against one image: a plain record every output format reads. */
export interface TestResult {
  kind: TestKind;
  name: string;
  status: TestStatus;
  durationMs: number;
  /** Why it failed or errored, one line each. */
  errors: string[];
  /** Why it was skipped. */
  reason?: string;
  /** The test file, and the test's line in it. */
  file: string;
  line?: number;
  /** Command tests: what the command printed (kept for failures). */
  stdout?: string;
  stderr?: string;
}

export interface ImageVerifyResult {
  /** The name the image was asked for (family id, tag or ref). */
  image: string;
  /** The reference tests ran against. */
  ref: string;
  /** Engine image id, when the image was found. */
  imageId?: string;
  ok: boolean;
  durationMs: number;
  tests: TestResult[];
  /** Why no test ran (image not built, no test file). */
  error?: string;
}

export interface VerifyCounts {
  passed: number;
  failed: number;
  skipped: number;
  error: number;
}

export interface VerifyResult {
  /** In every container and temporary image name: `strata-verify-<runId>-N`. */
  runId: string;
  ok: boolean;
  interrupted: boolean;
  durationMs: number;
  counts: VerifyCounts;
  images: ImageVerifyResult[];
  /** Problems in the test files (their tests were still run when they could be read). */
  diagnostics: Diagnostic[];
}

/** Tests by status; an image that could not be tested at all (not built, no test file) is one error. */
export function countResults(images: ImageVerifyResult[]): VerifyCounts {
  const counts: VerifyCounts = { passed: 0, failed: 0, skipped: 0, error: 0 };
  for (const img of images) {
    if (img.error) counts.error++;
    for (const t of img.tests) counts[t.status]++;
  }
  return counts;
}
