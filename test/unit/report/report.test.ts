import { describe, expect, it } from 'vitest';
import { analyseBuildTimes } from '../../../src/analyse/build-time.js';
import { dockerfileLines } from '../../../src/analyse/dockerfile-lines.js';
import { analyseArchive } from '../../../src/analyse/index.js';
import { parseDockerfile, resolveDockerfile } from '../../../src/dockerfile/index.js';
import {
  buildReport,
  checkBudgets,
  parseReportConfig,
  parseSize,
  renderBudgetAnnotations,
  renderReportHtml,
  renderReportText,
} from '../../../src/report/index.js';
import type { HistoryRun } from '../../../src/state/history.js';
import { chunked, legacyArchive } from '../../helpers/image-archive.js';

async function family() {
  const base = { createdBy: '', entries: [{ path: 'etc/os-release', content: 'ID=debian\n' }] };
  const layer = (name: string) => ({
    createdBy: `RUN /bin/sh -c install ${name} # buildkit`,
    entries: [
      { path: 'etc/service', content: name },
      { path: 'opt/lib.so', content: Buffer.alloc(2_000_000, 3) },
      { path: 'tmp/cache', content: Buffer.alloc(1000) },
    ],
  });
  const clean = {
    createdBy: 'RUN /bin/sh -c rm /tmp/cache # buildkit',
    entries: [{ path: 'tmp/.wh.cache', content: '' }],
  };
  return analyseArchive(
    chunked(
      await legacyArchive([
        { name: 'team/api:1', layers: [base, layer('api'), clean] },
        { name: 'team/worker:1', layers: [base, layer('worker')] },
      ]),
    ),
  );
}

describe('budgets', () => {
  it('reads sizes, durations, image globs and dive keys; flags bad values', () => {
    expect(parseSize('300MB')).toBe(300_000_000);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('lots')).toBeUndefined();
    const { budgets, diagnostics } = parseReportConfig({
      budgets: {
        images: { 'team/api*': { 'max-size': '1MB', 'max-reclaimable-percent': 10 } },
        'max-duplicate': '1MB',
        'max-build-time': '1m30s',
        'lowest-efficiency': 0.99,
        'highest-user-wasted-percent': 2,
        surprise: 1,
      },
    });
    expect(budgets.images).toEqual([{ pattern: 'team/api*', maxSize: 1_000_000, maxReclaimablePercent: 10 }]);
    expect(budgets.maxBuildTimeMs).toBe(90_000);
    expect(budgets.lowestEfficiency).toBe(0.99);
    expect(budgets.highestUserWastedPercent).toBeUndefined();
    expect(diagnostics.map((d) => d.severity).sort()).toEqual(['error', 'error']);
  });

  it('checks images and the family; a failed budget is an annotation', async () => {
    const analysis = await family();
    const checks = checkBudgets(analysis, {
      images: [{ pattern: 'team/api*', maxSize: 1_000_000 }],
      maxDuplicate: 3_000_000,
      lowestEfficiency: 0.9999,
    });
    expect(checks.find((c) => c.budget === 'max-size')).toMatchObject({ image: 'team/api:1', ok: false });
    expect(checks.find((c) => c.budget === 'max-duplicate')).toMatchObject({ actual: 2_000_000, ok: true });
    // api wrote 1000 bytes of cache and deleted them: efficiency below 0.9999.
    const eff = checks.filter((c) => c.budget === 'lowest-efficiency');
    expect(eff.map((c) => c.ok)).toEqual([false, true]);
    const report = buildReport({ analysis, budgets: checks });
    expect(report.ok).toBe(false);
    expect(renderBudgetAnnotations(report)).toMatch(
      /^::error title=strata report budget max-size::max-size team\/api:1: 2.0 MB > 1.0 MB/m,
    );
  });
});

describe('renderers', () => {
  it('text names the duplicate package, its saving and the images that would move', async () => {
    const { analyseFamily } = await import('../../../src/analyse/index.js');
    const analysis = await family();
    const report = buildReport({
      analysis: { ...analysis, family: analyseFamily(analysis.images, { minSaving: 1 }) },
    });
    const text = renderReportText(report);
    expect(text).toContain('team/api:1  2.0 MB  3 layers  reclaimable 1.0 kB');
    expect(text).toMatch(/opt\/lib.so, 2.0 MB, in 2 images \(2 copies\): a shared base saves 2.0 MB/);
    expect(text).toContain('move onto it: team/api:1, team/worker:1');
  });

  it('HTML is one page with no network reference', async () => {
    const html = renderReportHtml(buildReport({ analysis: await family() }));
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(src|href)=|@import|url\(/);
    expect(html).toContain('Sharing matrix');
  });
});

describe('build times', () => {
  const run = (at: string, steps: { name: string; durationMs: number; cached: boolean }[]): HistoryRun => ({
    version: 1,
    startedAt: at,
    durationMs: 100_000,
    ok: true,
    images: [
      {
        id: 'api',
        tags: [],
        action: 'build',
        status: 'built',
        durationMs: 90_000,
        startMs: 5000,
        fingerprint: 'f',
        steps,
      },
      { id: 'base', tags: [], action: 'skip', status: 'skipped', durationMs: 0, fingerprint: 'g' },
    ],
  });
  it('finds the steps whose cache misses cost most', () => {
    const copy = { name: '[2/3] COPY . /app', durationMs: 100, cached: false };
    const times = analyseBuildTimes([
      run('2026-01-01T00:00:00Z', [
        copy,
        { name: '[3/3] RUN pip install -r r.txt', durationMs: 80_000, cached: false },
      ]),
      run('2026-01-02T00:00:00Z', [
        copy,
        { name: '[3/3] RUN pip install -r r.txt', durationMs: 0, cached: true },
      ]),
      run('2026-01-03T00:00:00Z', [
        copy,
        { name: '[3/3] RUN pip install -r r.txt', durationMs: 70_000, cached: false },
      ]),
    ]);
    const api = times.images.find((i) => i.id === 'api')!;
    expect(api.costlySteps[0]).toEqual({
      name: 'RUN pip install -r r.txt',
      runs: 3,
      misses: 2,
      medianMissMs: 75_000,
      totalMissMs: 150_000,
      invalidatedBy: [{ name: 'COPY . /app', count: 2 }],
    });
    expect(times.timeline?.bars).toEqual([expect.objectContaining({ id: 'api', startMs: 5000 })]);
  });
});

describe('Dockerfile lines', () => {
  it('ties layer instructions to the built stage and the stages it is built from', () => {
    const text = [
      'FROM debian:bookworm AS deps',
      'RUN apt-get update && \\',
      '    apt-get install -y jq',
      'FROM deps',
      'WORKDIR /app',
      'COPY app.py /app/',
      'RUN python3 -m compileall /app',
    ].join('\n');
    const resolved = resolveDockerfile(parseDockerfile(text, 'Dockerfile'));
    const lines = dockerfileLines(
      [
        undefined,
        'RUN apt-get update && apt-get install -y jq',
        'WORKDIR /app',
        'COPY app.py /app/',
        'RUN python3 -m compileall /app',
      ],
      resolved,
    );
    expect(lines.map((l) => l?.line)).toEqual([undefined, 2, 5, 6, 7]);
  });
});
