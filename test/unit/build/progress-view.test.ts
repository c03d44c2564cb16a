import pc from 'picocolors';
import { describe, expect, test, vi } from 'vitest';
import type { BuildRunResult, ImageResult, SchedulerEvent } from '../../../src/build/scheduler.js';
import { formatDuration, parseDuration, truncate } from '../../../src/cli/progress/format.js';
import { createPlainView } from '../../../src/cli/progress/live.js';
import { renderFinish, renderLive, renderPlainEvent } from '../../../src/cli/progress/render.js';
import { applyEvent, createProgressState } from '../../../src/cli/progress/state.js';
import { renderFailures, renderSummary } from '../../../src/cli/progress/summary.js';
import type { BuildEvent } from '../../../src/engine/types.js';

const c = pc.createColors(false);

function result(id: string, extra: Partial<ImageResult>): ImageResult {
  return { id, status: 'built', tags: [`acme/${id}`], fingerprint: 'f', durationMs: 0, steps: [], ...extra };
}

function progress(id: string, at: number, event: BuildEvent): SchedulerEvent {
  return { type: 'image-progress', id, at, event };
}

function stateAfter(events: SchedulerEvent[]) {
  const state = createProgressState(['base', 'api', 'worker']);
  for (const e of events) applyEvent(state, e);
  return state;
}

const FROM_DEBIAN = '[1/3] FROM docker.io/library/debian:bookworm';

const events: SchedulerEvent[] = [
  { type: 'image-start', id: 'base', action: 'build', at: 0 },
  progress('base', 100, { type: 'step-start', vertex: '#4', step: 1, total: 3, name: FROM_DEBIAN, at: 0 }),
  progress('base', 200, { type: 'step-cached', vertex: '#4', step: 1, total: 3, name: FROM_DEBIAN, at: 0 }),
  progress('base', 300, {
    type: 'step-start',
    vertex: '#6',
    step: 2,
    total: 3,
    name: '[2/3] RUN apt-get update && apt-get install -y --no-install-recommends python3-torch python3-numpy',
    at: 0,
  }),
  { type: 'image-start', id: 'worker', action: 'reuse', at: 400 },
];

describe('live view', () => {
  test('one line per running image, step N/M, instruction cut to the width, elapsed, ETA; a count line', () => {
    const lines = renderLive(stateAfter(events), 12_300, {
      width: 80,
      colors: c,
      estimates: { base: 60_000 },
      frame: 0,
    });
    expect(lines).toEqual(
      [
        '⠋ base   step 2/3    12.3s ~47.7s left  RUN apt-get update && apt-get install -…',
        '⠋ worker pulling     11.9s  ',
        '0/3 done · 2 running · 1 waiting · 12.3s',
      ].map((l) => l.replace(/ +$/, '')),
    );
  });

  test('over the estimate, and a finished image leaves the running lines', () => {
    const state = stateAfter([
      ...events,
      {
        type: 'image-finish',
        id: 'worker',
        at: 900,
        result: result('worker', { status: 'reused', durationMs: 500 }),
      },
    ]);
    expect(
      renderLive(state, 70_000, { width: 60, colors: c, estimates: { base: 60_000 }, frame: 3 }),
    ).toEqual([
      '⠸ base step 2/3    1m10s (over estimate)  RUN apt-get updat…',
      '1/3 done · 1 running · 1 waiting · 1m10s',
    ]);
  });
});

describe('plain lines', () => {
  const wall = new Date('2026-11-22T16:00:05.000Z');
  test.each([
    [events[0]!, '16:00:05 base: build started'],
    [events[1]!, '16:00:05 base: [1/3] FROM docker.io/library/debian:bookworm'],
    [events[2]!, '16:00:05 base: CACHED FROM docker.io/library/debian:bookworm'],
    [events[4]!, '16:00:05 worker: pulling from registry'],
    [
      progress('api', 1, {
        type: 'step-error',
        vertex: '#7',
        message: 'executor failed running [/bin/sh -c make]: exit code: 2',
        at: 1,
      }),
      '16:00:05 api: ERROR executor failed running [/bin/sh -c make]: exit code: 2',
    ],
    [progress('api', 1, { type: 'log', vertex: '#7', text: 'compiling', at: 1 }), undefined],
    [
      {
        type: 'image-finish',
        id: 'api',
        at: 1,
        result: result('api', {
          status: 'failed',
          durationMs: 4200,
          failure: { kind: 'error', message: 'x', step: '[3/4] RUN make' },
        }),
      },
      '16:00:05 ✖ api failed at [3/4] RUN make in 4.2s',
    ],
  ] as [SchedulerEvent, string | undefined][])('%#', (event, line) => {
    expect(renderPlainEvent(event, wall, c)).toBe(line);
  });
});

describe('summary', () => {
  const run: BuildRunResult = {
    ok: false,
    interrupted: false,
    durationMs: 95_000,
    images: [
      result('base', { status: 'skipped', reason: 'up to date' }),
      result('api', { status: 'built', durationMs: 42_000, size: 187_400_000, cachedShare: 0.75 }),
      result('worker', { status: 'reused', durationMs: 3_100, reason: 'from reg/worker:fp-1' }),
      result('ml', {
        status: 'failed',
        durationMs: 61_000,
        failure: { kind: 'error', message: 'exit code: 100', step: '[2/3] RUN apt-get install -y libwebp6' },
        logFile: '/repo/.strata/logs/ml.log',
        diagnosis: {
          kind: 'error',
          summary: 'exit code: 100',
          instruction: '[2/3] RUN apt-get install -y libwebp6',
          lastLines: ['Reading package lists...', 'E: Unable to locate package libwebp6'],
          hints: [
            {
              code: 'apt-package-missing',
              message: "the base image's distro, Debian GNU/Linux 12 (bookworm), has no package libwebp6",
              detail: ['libwebp6: this release has libwebp7, libwebp-dev'],
            },
          ],
        },
      }),
      result('ml-serve', { status: 'skipped', reason: 'parent ml failed' }),
    ],
  };

  test('table: image, result, time, size, cached share, note', () => {
    expect(renderSummary(run, c)).toEqual([
      'IMAGE     RESULT   TIME   SIZE    CACHED',
      'base      skipped  -      -       -       up to date',
      'api       built    42.0s  187 MB  75%',
      'worker    reused   3.1s   -       -       from reg/worker:fp-1',
      'ml        failed   1m01s  -       -       exit code: 100',
      'ml-serve  skipped  -      -       -       parent ml failed',
      '',
      '1 built, 1 reused, 2 skipped, 1 failed in 1m35s',
    ]);
  });

  test('failures: step, last lines, hints, log file', () => {
    expect(renderFailures(run, c, (f) => f.replace('/repo/', ''))).toEqual([
      '',
      '✖ ml: exit code: 100',
      '  step [2/3] RUN apt-get install -y libwebp6',
      '  last lines of the log',
      '  │ Reading package lists...',
      '  │ E: Unable to locate package libwebp6',
      "  hint the base image's distro, Debian GNU/Linux 12 (bookworm), has no package libwebp6",
      '       libwebp6: this release has libwebp7, libwebp-dev',
      '  full log: .strata/logs/ml.log',
    ]);
  });

  test('an empty run', () => {
    expect(renderSummary({ ok: true, interrupted: false, durationMs: 1, images: [] }, c)).toEqual([
      'nothing to build: no image selected',
    ]);
  });

  test('finish lines', () => {
    expect(renderFinish(result('a', { durationMs: 1500, size: 2_000_000, cachedShare: 1 }), c)).toBe(
      '✔ a built in 1.5s, 2.0 MB, 100% cached',
    );
    expect(renderFinish(result('b', { status: 'cancelled', reason: 'interrupted' }), c)).toBe(
      '■ b cancelled: interrupted',
    );
  });
});

test.each([
  ['90s', 90_000],
  ['10m', 600_000],
  ['1.5h', 5_400_000],
  ['250ms', 250],
  ['0', 0],
  ['30', 30_000],
  ['soon', undefined],
])('parseDuration(%s)', (text, ms) => expect(parseDuration(text)).toBe(ms));

test('formatDuration and truncate', () => {
  expect([850, 4_840, 125_000, 3_720_000].map(formatDuration)).toEqual(['850ms', '4.8s', '2m05s', '1h02m']);
  expect(truncate('RUN  apt-get   install', 12)).toBe('RUN apt-get…');
});

describe('plain view', () => {
  test('a cached step is one CACHED line; a running step shows its start line; order is kept', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-22T16:00:00Z'));
    try {
      let out = '';
      const write = (s: string) => {
        out += s;
        return true;
      };
      const stream = { write } as unknown as NodeJS.WritableStream;
      const view = createPlainView(stream, { colors: c, ids: ['api'] });
      const step = (type: 'step-start' | 'step-cached', vertex: string, name: string) =>
        progress('api', 0, { type, vertex, step: Number(name[1]), total: 3, name, at: 0 });
      view.onEvent({ type: 'image-start', id: 'api', action: 'build', at: 0 });
      view.onEvent(step('step-start', '#4', '[1/3] FROM python:3.12-slim'));
      view.onEvent(step('step-cached', '#4', '[1/3] FROM python:3.12-slim'));
      view.onEvent(step('step-start', '#5', '[2/3] RUN pip install -r requirements.txt'));
      vi.advanceTimersByTime(200);
      view.onEvent(step('step-start', '#6', '[3/3] COPY . .'));
      view.onEvent({ type: 'image-finish', id: 'api', at: 1, result: result('api', { durationMs: 2000 }) });
      view.stop();
      expect(out.split('\n')).toEqual([
        '16:00:00 api: build started',
        '16:00:00 api: CACHED FROM python:3.12-slim',
        '16:00:00 api: [2/3] RUN pip install -r requirements.txt',
        '16:00:00 api: [3/3] COPY . .',
        '16:00:00 ✔ api built in 2.0s',
        '',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
