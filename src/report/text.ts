import { formatBytes } from '../util/fs.js';
import type { BudgetCheck } from './budgets.js';
import type { ReportJson } from './report.js';

/** The report as text for people (pure; the CLI prints it). */

export function formatDuration(ms: number): string {
  if (ms >= 3_600_000)
    return `${Math.floor(ms / 3_600_000)}h${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
  if (ms >= 60_000)
    return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${(ms / 1000).toFixed(1)}s`;
}

function clip(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length <= width ? one : `${one.slice(0, width - 1)}…`;
}

/** One budget check as a sentence: `max-size team/api: 6.1 GB > 300 MB`. */
export function describeBudget(b: BudgetCheck): string {
  const show = (n: number): string =>
    b.unit === 'bytes'
      ? formatBytes(n)
      : b.unit === 'ms'
        ? formatDuration(n)
        : b.unit === 'percent'
          ? `${n.toFixed(1)}%`
          : n.toFixed(3);
  const atLeast = b.budget === 'lowest-efficiency';
  const rel = b.ok ? (atLeast ? '>=' : '<=') : atLeast ? '<' : '>';
  return `${b.budget}${b.image ? ` ${b.image}` : ''}: ${show(b.actual)} ${rel} ${show(b.limit)}`;
}

export function renderReportText(report: ReportJson, options: { layers?: boolean } = {}): string {
  const out: string[] = [];
  const showLayers = options.layers ?? true;
  for (const image of report.images) {
    out.push(
      `${image.name}  ${formatBytes(image.size)}  ${image.layers.length} layers  reclaimable ${formatBytes(image.reclaimable)} (${image.reclaimablePercent.toFixed(1)}%)`,
    );
    if (showLayers) {
      for (const l of image.layers) {
        const where = l.dockerfile ? ` (${l.dockerfile.file}:${l.dockerfile.line})` : '';
        out.push(
          `  ${formatBytes(l.size).padStart(9)}  ${clip(l.instruction ?? '(no history)', 90)}${where}`,
        );
        const pkgs = l.packages.filter((p) => p.bytes > 0).slice(0, 5);
        if (pkgs.length > 0) {
          out.push(
            `             packages: ${pkgs.map((p) => `${p.name} ${p.version} ${formatBytes(p.bytes)}`).join(', ')}${l.packages.length > pkgs.length ? `, +${l.packages.length - pkgs.length} more` : ''}`,
          );
        }
      }
      const big = image.biggestFiles.slice(0, 5);
      if (big.length > 0)
        out.push(`  biggest: ${big.map((f) => `/${f.path} ${formatBytes(f.bytes)}`).join(', ')}`);
      const wasted = image.wasted.slice(0, 3);
      if (wasted.length > 0)
        out.push(
          `  reclaimable: ${wasted.map((w) => `/${w.path} ${formatBytes(w.bytes)}${w.deleted ? ' (deleted)' : ' (overwritten)'}`).join(', ')}`,
        );
    }
    out.push('');
  }
  const f = report.family;
  if (report.images.length > 1) {
    out.push(
      `family: ${report.images.length} images, ${formatBytes(f.totalBytes)} in total, ${formatBytes(f.storedBytes)} stored once in ${f.distinctLayers} layers`,
    );
    const width = Math.max(...f.images.map((i) => i.name.length), 5);
    out.push(
      `  ${'image'.padEnd(width)}  ${'size'.padStart(9)}  ${'shared'.padStart(9)}  ${'unique'.padStart(9)}`,
    );
    for (const i of f.images) {
      out.push(
        `  ${i.name.padEnd(width)}  ${formatBytes(i.size).padStart(9)}  ${formatBytes(i.shared).padStart(9)}  ${formatBytes(i.unique).padStart(9)}`,
      );
    }
    if (f.duplicates.length > 0) {
      out.push(
        '',
        `duplicate content, shared by no layer: ${formatBytes(f.duplicateBytes)} could be stored once`,
      );
      for (const d of f.duplicates.slice(0, 10)) {
        const label = d.version ? `${d.name} ${d.version}` : d.name;
        out.push(
          `  ${label}, ${formatBytes(d.bytes)}, in ${d.images.length} images (${d.copies} copies): a shared base saves ${formatBytes(d.saving)}`,
        );
        out.push(`      move onto it: ${d.images.join(', ')}`);
      }
    } else out.push('', 'no content is stored twice outside shared layers');
    out.push('');
  }
  const times = report.buildTimes;
  if (times && times.images.length > 0) {
    out.push(`build time (last ${times.runs} runs):`);
    for (const i of times.images) {
      out.push(
        `  ${i.id}: last ${i.lastMs !== undefined ? formatDuration(i.lastMs) : '-'}, median ${formatDuration(i.medianMs)}, ${Math.round(i.cacheHitRatio * 100)}% of steps cached`,
      );
      for (const s of i.costlySteps.slice(0, 3)) {
        const by = s.invalidatedBy.find((t) => t.name !== s.name);
        out.push(
          `      ${clip(s.name, 70)}: re-ran ${s.misses} of ${s.runs} builds, ${formatDuration(s.medianMissMs)} each${by ? `; \`${clip(by.name, 50)}\` changed first (${by.count} of them)` : ''}`,
        );
      }
    }
    out.push('');
  }
  if (report.budgets.length > 0) {
    const failed = report.budgets.filter((b) => !b.ok);
    out.push(
      failed.length === 0
        ? `budgets: all ${report.budgets.length} met`
        : `budgets: ${failed.length} of ${report.budgets.length} failed`,
    );
    for (const b of failed) out.push(`  FAILED ${describeBudget(b)}`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Failed budgets as GitHub workflow annotations (`::error title=...::message`). */
export function renderBudgetAnnotations(report: ReportJson): string {
  const lines = report.budgets
    .filter((b) => !b.ok)
    .map((b) => `::error title=strata report budget ${b.budget}::${describeBudget(b).replace(/\n/g, ' ')}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
