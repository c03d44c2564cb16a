import { promises as fs } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  appendHistory,
  estimateDurations,
  type HistoryRun,
  type ImageRun,
  median,
  readHistory,
  readState,
  StateRecorder,
} from '../../../src/state/index.js';
import { historyPath, statePath } from '../../../src/state/paths.js';
import { testdir } from '../../helpers/testdir.js';
import { fingerprint } from './graph-data.js';

const imageRun = (id: string, durationMs: number, status: ImageRun['status'] = 'built'): ImageRun => ({
  id,
  tags: [`${id}:latest`],
  action: status === 'skipped' ? 'skip' : 'build',
  status,
  durationMs,
  fingerprint: 'f',
  steps: [
    { name: 'FROM', durationMs: 1, cached: true },
    { name: 'RUN', durationMs: durationMs - 1, cached: false },
  ],
});
const run = (images: ImageRun[], startedAt = '2026-01-01T00:00:00.000Z'): HistoryRun => ({
  version: 1,
  startedAt,
  durationMs: 1000,
  ok: true,
  images,
});

describe('state.json', () => {
  test('absent or corrupt reads as empty; parallel records all land', async () => {
    const root = await testdir({});
    expect(await readState(root)).toEqual({ version: 1, images: {} });
    const recorder = new StateRecorder(root);
    const fp = fingerprint({ files: { a: '1' } });
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((id) =>
        recorder.record(id, { fingerprint: fp, tags: [id], at: 'now', how: 'built' }),
      ),
    );
    await recorder.flush();
    const state = await readState(root);
    expect(Object.keys(state.images).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(state.images.a!.fingerprint).toEqual(fp);
    await fs.writeFile(statePath(root), '{"version": 1, "images": ');
    expect(await readState(root)).toEqual({ version: 1, images: {} });
  });
});

describe('history.jsonl', () => {
  test('runs are appended one line each, read back oldest first; torn lines are skipped; limit keeps the last', async () => {
    const root = await testdir({});
    await appendHistory(root, run([imageRun('api', 10)], '2026-01-01T00:00:00.000Z'));
    await fs.appendFile(historyPath(root), '{"version":1,"startedAt":\n');
    await appendHistory(root, run([imageRun('api', 20)], '2026-01-02T00:00:00.000Z'));
    await appendHistory(root, run([imageRun('api', 30)], '2026-01-03T00:00:00.000Z'));
    const all = await readHistory(root);
    expect(all.map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect((await readHistory(root, 2)).map((r) => r.images[0]!.durationMs)).toEqual([20, 30]);
    expect(await readHistory(await testdir({}))).toEqual([]);
  });

  test('estimates are the median of the last builds of each image; skips and failures do not count', () => {
    const runs = [10, 200, 30, 40, 50, 60].map((ms) =>
      run([imageRun('api', ms), imageRun('web', 5, 'skipped')]),
    );
    runs.push(run([imageRun('api', 9999, 'failed')]));
    const est = estimateDurations(runs);
    expect(est.api).toEqual({ durationMs: 50, steps: 2, samples: 5 });
    expect(est.web).toBeUndefined();
    expect(median([])).toBe(0);
    expect(median([1, 2, 3, 4])).toBe(3);
  });
});
