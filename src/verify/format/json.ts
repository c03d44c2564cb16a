import type { Diagnostic } from '../../model/diagnostic.js';
import type { TestKind, TestStatus, VerifyCounts, VerifyResult } from '../result.js';

/** Bumped when a field changes meaning or goes away (docs/verify-json.md). */
export const VERIFY_JSON_VERSION = 1;

/** Output kept for a test that did not pass, per stream. */
const OUTPUT_LIMIT = 4_000;

export interface VerifyJsonTest {
  kind: TestKind;
  name: string;
  status: TestStatus;
  durationMs: number;
  file: string;
  line?: number;
  errors: string[];
  reason?: string;
  stdout?: string;
  stderr?: string;
}

export interface VerifyJson {
  version: typeof VERIFY_JSON_VERSION;
  runId: string;
  ok: boolean;
  interrupted: boolean;
  durationMs: number;
  counts: VerifyCounts;
  images: {
    image: string;
    ref: string;
    imageId?: string;
    ok: boolean;
    durationMs: number;
    error?: string;
    tests: VerifyJsonTest[];
  }[];
  diagnostics: Diagnostic[];
}

const clip = (s: string) => (s.length > OUTPUT_LIMIT ? `${s.slice(0, OUTPUT_LIMIT)}…` : s);

/** The `--json` document of `strata verify`. */
export function toVerifyJson(result: VerifyResult): VerifyJson {
  return {
    version: VERIFY_JSON_VERSION,
    runId: result.runId,
    ok: result.ok,
    interrupted: result.interrupted,
    durationMs: result.durationMs,
    counts: result.counts,
    images: result.images.map((img) => ({
      image: img.image,
      ref: img.ref,
      ...(img.imageId ? { imageId: img.imageId } : {}),
      ok: img.ok,
      durationMs: img.durationMs,
      ...(img.error ? { error: img.error } : {}),
      tests: img.tests.map((t) => ({
        kind: t.kind,
        name: t.name,
        status: t.status,
        durationMs: t.durationMs,
        file: t.file,
        ...(t.line !== undefined ? { line: t.line } : {}),
        errors: t.errors,
        ...(t.reason ? { reason: t.reason } : {}),
        ...(t.status !== 'passed' && t.stdout ? { stdout: clip(t.stdout) } : {}),
        ...(t.status !== 'passed' && t.stderr ? { stderr: clip(t.stderr) } : {}),
      })),
    })),
    diagnostics: result.diagnostics,
  };
}
