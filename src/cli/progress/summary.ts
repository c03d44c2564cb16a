import type { BuildRunResult, ImageResult } from '../../build/scheduler.js';
import { formatBytes } from '../../util/fs.js';
import type { Colors } from '../output.js';
import { formatDuration, percent } from './format.js';

function statusText(r: ImageResult, c: Colors): string {
  switch (r.status) {
    case 'built':
    case 'reused':
      return c.green(r.status);
    case 'failed':
      return c.red(r.status);
    case 'cancelled':
      return c.yellow(r.status);
    case 'skipped':
      return c.dim(r.status);
  }
}

function dimOrEmpty(c: Colors, text: string): string {
  return text === '' ? '' : c.dim(text);
}

const visibleLength = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - visibleLength(s)));

/** The table printed after a build: image, result, time, size, share of cached steps, and a note. */
export function renderSummary(run: BuildRunResult, c: Colors): string[] {
  if (run.images.length === 0) return ['nothing to build: no image selected'];
  const header = ['IMAGE', 'RESULT', 'TIME', 'SIZE', 'CACHED', ''];
  const rows = run.images.map((r) => [
    r.id,
    statusText(r, c),
    r.durationMs > 0 ? formatDuration(r.durationMs) : '-',
    r.size !== undefined ? formatBytes(r.size) : '-',
    r.status === 'built' ? percent(r.cachedShare) : '-',
    dimOrEmpty(c, r.reason ?? (r.status === 'failed' ? (r.failure?.message ?? '') : '')),
  ]);
  const widths = header.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((row) => visibleLength(row[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const count = (s: string) => run.images.filter((r) => r.status === s).length;
  const totals = ['built', 'reused', 'skipped', 'failed', 'cancelled']
    .map((s) => [s, count(s)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return [
    c.bold(line(header)),
    ...rows.map(line),
    '',
    `${totals} in ${formatDuration(run.durationMs)}${run.interrupted ? c.yellow(' (interrupted)') : ''}`,
  ];
}

/** For each failed image: the failing instruction, the last log lines, the hints, the log file. */
export function renderFailures(
  run: BuildRunResult,
  c: Colors,
  logPath: (file: string) => string = (f) => f,
): string[] {
  const out: string[] = [];
  for (const r of run.images.filter((i) => i.status === 'failed')) {
    const d = r.diagnosis;
    out.push('', `${c.red('✖')} ${c.bold(r.id)}: ${r.failure?.message ?? 'failed'}`);
    if (d?.instruction) out.push(`  ${c.dim('step')} ${d.instruction}`);
    if (d && d.lastLines.length > 0) {
      out.push(`  ${c.dim('last lines of the log')}`);
      for (const l of d.lastLines.slice(-10)) out.push(`  ${c.dim('│')} ${l}`);
    }
    for (const h of d?.hints ?? []) {
      out.push(`  ${c.yellow('hint')} ${h.message}`);
      for (const detail of h.detail ?? []) out.push(`       ${detail}`);
    }
    if (r.logFile) out.push(`  ${c.dim(`full log: ${logPath(r.logFile)}`)}`);
  }
  return out;
}

/** The `--json` form of a run. */
export function summaryJson(
  run: BuildRunResult,
  root: string,
  relative: (root: string, abs: string) => string,
) {
  return {
    ok: run.ok,
    interrupted: run.interrupted,
    durationMs: run.durationMs,
    images: run.images.map((r) => ({
      id: r.id,
      status: r.status,
      reason: r.reason,
      tags: r.tags,
      fingerprint: r.fingerprint,
      imageId: r.imageId,
      durationMs: r.durationMs,
      size: r.size,
      cachedShare: r.cachedShare,
      steps: r.steps,
      logFile: r.logFile ? relative(root, r.logFile) : undefined,
      failure: r.failure,
      diagnosis: r.diagnosis,
      warnings: r.warnings,
    })),
    ...(run.warnings ? { warnings: run.warnings } : {}),
  };
}
