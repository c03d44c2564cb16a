import { formatBytes } from '../util/fs.js';
import type { ReportJson } from './report.js';
import { describeBudget, formatDuration } from './text.js';

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no font, no request to
 * any network. Sections: budgets, sizes per image and layer, the family's sharing matrix and duplicate
 * content, and the last build on a time axis.
 */

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

function sizeBars(report: ReportJson): string {
  const max = Math.max(1, ...report.images.map((i) => i.size));
  const width = 900;
  const row = 34;
  const label = 260;
  const shared = new Map<string, number>();
  for (const image of report.images)
    for (const l of image.layers) shared.set(l.diffId, (shared.get(l.diffId) ?? 0) + 1);
  const colour = new Map<string, string>();
  let next = 0;
  const parts: string[] = [];
  report.images.forEach((image, i) => {
    const y = i * row + 10;
    parts.push(`<text x="0" y="${y + 17}" class="lbl">${esc(image.name)}</text>`);
    let x = label;
    for (const l of image.layers) {
      const w = ((width - label - 90) * l.size) / max;
      if (!colour.has(l.diffId)) colour.set(l.diffId, PALETTE[next++ % PALETTE.length]!);
      const title = `${l.instruction ?? '(no history)'}: ${formatBytes(l.size)}${(shared.get(l.diffId) ?? 0) > 1 ? ' (shared layer)' : ''}`;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 0.5).toFixed(1)}" height="24" fill="${colour.get(l.diffId)}" stroke="#fff" stroke-width="0.5"><title>${esc(title)}</title></rect>`,
      );
      x += w;
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 17}" class="num">${formatBytes(image.size)}</text>`);
  });
  return `<svg width="${width}" height="${report.images.length * row + 20}" role="img" aria-label="image sizes by layer">${parts.join('')}</svg>
<p class="note">One bar per image, one block per layer; the same colour in two bars is the same layer, stored once.</p>`;
}

function layerTables(report: ReportJson): string {
  return report.images
    .map((image) => {
      const rows = image.layers
        .map(
          (l) =>
            `<tr><td class="num">${formatBytes(l.size)}</td><td><code>${esc(clip(l.instruction ?? '(no history)', 140))}</code></td><td>${l.dockerfile ? esc(`${l.dockerfile.file}:${l.dockerfile.line}`) : ''}</td><td class="num">${l.reclaimable > 0 ? formatBytes(l.reclaimable) : ''}</td><td>${esc(
              l.packages
                .filter((p) => p.bytes > 0)
                .slice(0, 4)
                .map((p) => `${p.name} ${formatBytes(p.bytes)}`)
                .join(', '),
            )}</td></tr>`,
        )
        .join('');
      return `<details><summary><b>${esc(image.name)}</b> ${formatBytes(image.size)}, ${image.layers.length} layers, reclaimable ${formatBytes(image.reclaimable)} (${image.reclaimablePercent.toFixed(1)}%)</summary>
<table><tr><th>size</th><th>instruction</th><th>Dockerfile</th><th>reclaimable</th><th>packages added</th></tr>${rows}</table>
<p class="note">Biggest files: ${image.biggestFiles
        .slice(0, 5)
        .map((f) => `<code>/${esc(f.path)}</code> ${formatBytes(f.bytes)}`)
        .join(', ')}</p></details>`;
    })
    .join('\n');
}

function clip(text: string, width: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length <= width ? one : `${one.slice(0, width - 1)}…`;
}

function sharingMatrix(report: ReportJson): string {
  const { images, bytes } = report.family.sharing;
  const max = Math.max(1, ...bytes.flatMap((r, i) => r.filter((_v, j) => j !== i)));
  const head = images.map((n) => `<th class="rot"><span>${esc(n)}</span></th>`).join('');
  const rows = images
    .map((name, i) => {
      const cells = bytes[i]!.map((v, j) => {
        if (i === j) return `<td class="diag num">${formatBytes(v)}</td>`;
        const a = v === 0 ? 0 : 0.15 + (0.85 * v) / max;
        return `<td class="num" style="background:rgba(78,121,167,${a.toFixed(2)})">${v === 0 ? '·' : formatBytes(v)}</td>`;
      }).join('');
      return `<tr><th>${esc(name)}</th>${cells}</tr>`;
    })
    .join('');
  return `<table class="matrix"><tr><th></th>${head}</tr>${rows}</table>
<p class="note">Bytes of layers two images both use (stored once). The diagonal is each image's size.</p>`;
}

function familyTable(report: ReportJson): string {
  const f = report.family;
  const rows = f.images
    .map(
      (i) =>
        `<tr><td>${esc(i.name)}</td><td class="num">${formatBytes(i.size)}</td><td class="num">${formatBytes(i.shared)}</td><td class="num">${formatBytes(i.unique)}</td></tr>`,
    )
    .join('');
  const dups = f.duplicates
    .slice(0, 15)
    .map(
      (d) =>
        `<tr><td>${esc(d.version ? `${d.name} ${d.version}` : d.name)}</td><td class="num">${formatBytes(d.bytes)}</td><td class="num">${d.images.length}</td><td class="num"><b>${formatBytes(d.saving)}</b></td><td>${esc(d.images.join(', '))}</td></tr>`,
    )
    .join('');
  return `<p>${f.images.length} images, <b>${formatBytes(f.totalBytes)}</b> in total, <b>${formatBytes(f.storedBytes)}</b> stored once in ${f.distinctLayers} layers; <b>${formatBytes(f.duplicateBytes)}</b> of content is stored more than once in layers no image shares.</p>
<table><tr><th>image</th><th>size</th><th>shared</th><th>unique</th></tr>${rows}</table>
${dups ? `<h3>Duplicate content, by package</h3><table><tr><th>package</th><th>size</th><th>images</th><th>a shared base saves</th><th>would move onto it</th></tr>${dups}</table>` : '<p>No content is stored twice outside shared layers.</p>'}`;
}

function timeline(report: ReportJson): string {
  const t = report.buildTimes?.timeline;
  if (!t || t.bars.length === 0)
    return '<p class="note">No build in .strata/history.jsonl yet: run strata build.</p>';
  const width = 900;
  const label = 200;
  const row = 26;
  const total = Math.max(1, t.durationMs, ...t.bars.map((b) => b.startMs + b.durationMs));
  const scale = (ms: number) => label + ((width - label - 70) * ms) / total;
  const parts: string[] = [];
  t.bars.forEach((bar, i) => {
    const y = i * row + 24;
    parts.push(`<text x="0" y="${y + 14}" class="lbl">${esc(bar.id)}</text>`);
    let x = scale(bar.startMs);
    const stepTotal = bar.steps.reduce((s, st) => s + st.durationMs, 0);
    if (bar.steps.length === 0 || stepTotal === 0) {
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(1, scale(bar.durationMs) - label).toFixed(1)}" height="18" fill="${bar.status === 'failed' ? '#e15759' : '#4e79a7'}"><title>${esc(`${bar.id}: ${formatDuration(bar.durationMs)}`)}</title></rect>`,
      );
    } else {
      const barWidth = scale(bar.durationMs) - label;
      for (const st of bar.steps) {
        const w = (barWidth * st.durationMs) / stepTotal;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 0.5).toFixed(1)}" height="18" fill="${st.cached ? '#b6d7a8' : '#4e79a7'}" stroke="#fff" stroke-width="0.5"><title>${esc(`${st.name}: ${formatDuration(st.durationMs)}${st.cached ? ' (cached)' : ''}`)}</title></rect>`,
        );
        x += w;
      }
    }
    parts.push(
      `<text x="${(scale(bar.startMs + bar.durationMs) + 4).toFixed(1)}" y="${y + 14}" class="num">${formatDuration(bar.durationMs)}</text>`,
    );
  });
  const ticks: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const ms = (total * k) / 4;
    ticks.push(
      `<line x1="${scale(ms)}" y1="14" x2="${scale(ms)}" y2="${t.bars.length * row + 24}" stroke="#ddd"/><text x="${scale(ms)}" y="10" class="tick">${formatDuration(ms)}</text>`,
    );
  }
  return `<p>Last build: ${esc(t.startedAt)}, ${formatDuration(t.durationMs)}. Dark: steps that ran; light: steps from the cache.</p>
<svg width="${width}" height="${t.bars.length * row + 34}" role="img" aria-label="build timeline">${ticks.join('')}${parts.join('')}</svg>`;
}

function budgets(report: ReportJson): string {
  if (report.budgets.length === 0)
    return '<p class="note">No budgets set (strata.yaml <code>report.budgets</code>).</p>';
  const rows = report.budgets
    .map(
      (b) =>
        `<tr class="${b.ok ? 'ok' : 'bad'}"><td>${b.ok ? 'met' : 'FAILED'}</td><td>${esc(describeBudget(b))}</td></tr>`,
    )
    .join('');
  return `<table>${rows}</table>`;
}

export function renderReportHtml(report: ReportJson, options: { title?: string } = {}): string {
  const title = options.title ?? 'strata report';
  const failed = report.budgets.filter((b) => !b.ok).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#222;max-width:1300px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #e3e3e3;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code{font-size:12px}.note{color:#666;font-size:12px}.lbl{font-size:12px}svg .num,.tick{font-size:11px;fill:#444}
tr.bad td{background:#fde2e2}tr.ok td:first-child{color:#2e7d32}tr.bad td:first-child{color:#c62828;font-weight:bold}
.matrix td{min-width:64px}.diag{background:#eee}.rot{height:110px;white-space:nowrap;vertical-align:bottom}
.rot span{display:inline-block;transform:rotate(-40deg);transform-origin:left bottom;width:24px}
.summary{display:flex;gap:28px;margin:10px 0}.summary div b{display:block;font-size:20px}
details{margin:6px 0}summary{cursor:pointer}
</style></head><body>
<h1>${esc(title)}</h1>
<div class="summary">
<div><b>${report.images.length}</b>images</div>
<div><b>${formatBytes(report.family.totalBytes)}</b>in total</div>
<div><b>${formatBytes(report.family.storedBytes)}</b>stored once</div>
<div><b>${formatBytes(report.family.duplicateBytes)}</b>duplicate content</div>
<div><b>${report.budgets.length === 0 ? '-' : failed === 0 ? 'all met' : `${failed} failed`}</b>budgets</div>
</div>
<h2>Budgets</h2>${budgets(report)}
<h2>Build timeline</h2>${timeline(report)}
<h2>Sizes per image and layer</h2>${sizeBars(report)}
${layerTables(report)}
<h2>Family: sharing and duplication</h2>${familyTable(report)}
<h3>Sharing matrix</h3>${sharingMatrix(report)}
</body></html>
`;
}
