import type { BuildOutcome, EngineClient } from '../engine/types.js';
import {
  cleanLogLines,
  type DiagnoseContext,
  type DistroInfo,
  failingStageBase,
  findMissingPackages,
  packageStem,
  parseOsRelease,
} from './diagnose.js';

/**
 * Asks the failing stage's base image about itself (its /etc/os-release, and the package names its
 * apt knows that share a missing package's stem), so the diagnosis can name the release and similar
 * packages. Uses `docker run` on the base: cheap, throwaway, and bounded by a timeout.
 * Never throws: whatever cannot be learned is left out.
 */
export async function probeForDiagnosis(
  engine: EngineClient,
  outcome: BuildOutcome,
  options: { timeoutMs?: number; allowNetwork?: boolean } = {},
): Promise<Pick<DiagnoseContext, 'distro' | 'knownPackages'>> {
  const missing = findMissingPackages(cleanLogLines(outcome.logTail));
  const base = failingStageBase(outcome);
  if (missing.length === 0 || !base || !engine.runInImage) return {};
  const stems = [...new Set(missing.map(packageStem))].filter((s) => /^[\w.+-]+$/.test(s));
  // apt's lists are usually removed from images: fetch them (network) only when there are none.
  const script = [
    'cat /etc/os-release 2>/dev/null',
    'echo ---strata-packages---',
    'command -v apt-cache >/dev/null || exit 0',
    `if [ -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then ${options.allowNetwork === false ? 'exit 0' : 'apt-get update -qq >/dev/null 2>&1 || exit 0'}; fi`,
    ...stems.map((s) => `apt-cache pkgnames ${s}`),
  ].join('\n');
  try {
    const result = await engine.runInImage(base, ['sh', '-c', script], {
      timeoutMs: options.timeoutMs ?? 90_000,
      network: options.allowNetwork !== false,
    });
    const [osPart = '', pkgPart = ''] = result.stdout.split('---strata-packages---');
    const context: { distro?: DistroInfo; knownPackages?: Record<string, string[]> } = {};
    const distro = parseOsRelease(osPart);
    if (distro) context.distro = distro;
    const names = pkgPart
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (names.length > 0) {
      context.knownPackages = Object.fromEntries(
        missing.map((m) => [m, names.filter((n) => n.startsWith(packageStem(m)))]),
      );
    }
    return context;
  } catch {
    return {};
  }
}
