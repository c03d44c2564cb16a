import { describe, expect, test } from 'vitest';
import {
  cachedShare,
  failedStep,
  parseProgress,
  parseStepLabel,
  summarizeSteps,
} from '../../../src/engine/progress/index.js';
import type { BuildEvent } from '../../../src/engine/types.js';
import { readRecorded } from '../recorded.js';

const read = (name: string) => readRecorded('engine/progress', name);

interface Expected {
  /** [step name prefix, cached, durationMs] per step, in order. */
  steps: [string, boolean, number][];
  share: number | undefined;
  failed?: RegExp;
}

/** A four-step build run again: the base is not a cache hit, every step after it is. */
const REBUILT_FROM_CACHE: Expected['steps'] = [
  ['[1/4] FROM', false, 0],
  ['[2/4] COPY', true, 0],
  ['[3/4] RUN', true, 0],
  ['[4/4] RUN', true, 0],
];

// Recorded from Docker 20.10 (DOCKER_BUILDKIT=1 docker build --progress=plain) and the classic builder.
const cases: Record<string, Expected> = {
  'buildkit-fresh.log': {
    steps: [
      ['[1/4] FROM docker.io/strata-test/busybox', false, 0],
      ['[2/4] COPY hello.txt', false, 400],
      ['[3/4] RUN echo "building', false, 1300],
      ['[4/4] RUN echo done', false, 300],
    ],
    share: 0,
  },
  'buildkit-cached.log': { steps: REBUILT_FROM_CACHE, share: 1 },
  'buildkit-multistage.log': {
    steps: [
      ['[b 1/2] FROM', true, 0],
      ['[a 2/2] RUN', false, 1500],
      ['[stage-2 2/4] COPY --from=a', false, 0],
      ['[b 2/2] RUN', false, 1800],
      ['[stage-2 3/4] COPY --from=b', false, 0],
      ['[stage-2 4/4] RUN echo final', false, 200],
    ],
    share: 0,
  },
  'buildkit-interleaved.log': {
    steps: [
      ['[b 1/2] FROM', true, 0],
      ['[b 2/2] RUN', false, 7100],
      ['[a 2/2] RUN', false, 6400],
      ['[stage-2 2/4] COPY --from=a', false, 0],
      ['[stage-2 3/4] COPY --from=b', false, 0],
      ['[stage-2 4/4] RUN echo final', false, 300],
    ],
    share: 0,
  },
  'buildkit-fail-simulated-apt.log': {
    steps: [
      ['[1/4] FROM', true, 0],
      ['[2/4] RUN echo ok', false, 200],
      ['[3/4] RUN echo "Reading package lists', false, 0],
    ],
    share: 0,
    failed: /^executor failed running .*exit code: 100$/,
  },
  'buildkit-apt-unable-to-locate.log': {
    steps: [
      ['[1/2] FROM docker.io/strata-test-engine/debian', false, 0],
      ['[2/2] RUN apt-get update', false, 0],
    ],
    share: 0,
    failed: /exit code: 100/,
  },
  'buildkit-base-not-pullable.log': {
    steps: [['[internal] load metadata for docker.io/strata-test-engine/base-ml:cuda', false, 0]],
    share: undefined,
    failed: /registry-1\.docker\.io.*no such host/,
  },
  'buildkit-prompt-cancelled.log': {
    steps: [
      ['[1/2] FROM', true, 0],
      ['[2/2] RUN echo "Setting up tzdata', false, 0],
    ],
    share: 0,
    failed: /^canceled$/,
  },
  'buildkit-tzdata-teletype.log': {
    steps: [
      ['[1/2] FROM', true, 0],
      ['[2/2] RUN apt-get purge -y tzdata', false, 4400],
    ],
    share: 0,
  },
  'buildkit-copy-source-missing.log': {
    steps: [
      ['[1/2] FROM docker.io/strata-test/busybox', true, 0],
      ['[2/2] COPY missing.txt /m.txt', false, 0],
    ],
    share: 0,
    failed: /^"\/missing\.txt" not found: not found$/,
  },
  'buildkit-dockerfile-parse-error.log': { steps: [], share: undefined },
  'classic-fresh.log': {
    steps: [
      ['[1/4] FROM strata-test/busybox:latest', false, 0],
      ['[2/4] COPY', false, 0],
      ['[3/4] RUN', false, 0],
      ['[4/4] RUN', false, 0],
    ],
    share: 0,
  },
  'classic-cached.log': { steps: REBUILT_FROM_CACHE, share: 1 },
  'classic-fail.log': {
    steps: [
      ['[1/4] FROM', false, 0],
      ['[2/4] RUN echo ok', false, 0],
      ['[3/4] RUN echo "Reading', false, 0],
    ],
    share: 0,
    failed: /returned a non-zero code: 100$/,
  },
};

describe('parsing recorded progress output into steps', () => {
  test.each(Object.entries(cases))('%s', (file, expected) => {
    const events = parseProgress(read(file));
    const steps = summarizeSteps(events);
    const got = steps.map((s) => [s.name, s.cached, s.durationMs] as const);
    expect(got).toHaveLength(expected.steps.length);
    expected.steps.forEach(([prefix, cached, ms], i) => {
      expect(got[i]?.[0].startsWith(prefix), `${got[i]?.[0]} starts with ${prefix}`).toBe(true);
      if (!file.startsWith('classic')) expect([got[i]?.[1], got[i]?.[2]]).toEqual([cached, ms]);
      else expect(got[i]?.[1]).toBe(cached);
    });
    expect(cachedShare(steps)).toBe(expected.share);
    const failed = failedStep(steps);
    if (expected.failed) expect(failed?.error).toMatch(expected.failed);
    else expect(failed).toBeUndefined();
  });
});

describe('event details', () => {
  test('timed log lines lose the timestamp and keep their vertex; `#7 ...` and re-announced headers are not new steps', () => {
    const events = parseProgress(read('buildkit-interleaved.log'));
    const logs = events.filter((e): e is Extract<BuildEvent, { type: 'log' }> => e.type === 'log');
    expect(logs.filter((l) => l.vertex === '#7' && /^b-\d$/.test(l.text)).map((l) => l.text)).toEqual([
      'b-1',
      'b-2',
      'b-3',
      'b-4',
    ]);
    expect(logs.filter((l) => l.vertex === '#5' && /^a-\d$/.test(l.text))).toHaveLength(4);
    expect(events.filter((e) => e.type === 'step-start' && e.vertex === '#7')).toHaveLength(1);
    expect(logs.some((l) => l.text === '...' || l.text.startsWith('sha256:'))).toBe(false);
  });

  test('step-start carries step/total; the error summary lines are vertex-less logs', () => {
    const events = parseProgress(read('buildkit-fail-simulated-apt.log'));
    expect(events.find((e) => e.type === 'step-start' && e.vertex === '#6')).toMatchObject({
      step: 3,
      total: 4,
    });
    const top = events
      .filter((e) => e.type === 'log' && e.vertex === '')
      .map((e) => (e.type === 'log' ? e.text : ''));
    expect(top).toContain('------');
    expect(top[top.length - 1]).toMatch(/^executor failed running/);
    expect(events.some((e) => e.type === 'log' && e.text === 'E: Unable to locate package libwebp6')).toBe(
      true,
    );
  });

  test('classic builder: ANSI colour codes are stripped from stderr lines', () => {
    const events = parseProgress(read('classic-fail.log'));
    expect(events.some((e) => e.type === 'log' && e.text === 'E: Unable to locate package libwebp6')).toBe(
      true,
    );
  });

  test.each([
    [
      '[2/4] COPY hello.txt /hello.txt',
      { step: 2, total: 4, internal: false, instruction: 'COPY hello.txt /hello.txt' },
    ],
    [
      '[stage-2 3/4] COPY --from=b /x /y',
      { stage: 'stage-2', step: 3, total: 4, internal: false, instruction: 'COPY --from=b /x /y' },
    ],
    ['[internal] load .dockerignore', { internal: true, instruction: 'load .dockerignore' }],
    ['exporting to image', { internal: false, instruction: 'exporting to image' }],
  ])('parseStepLabel(%s)', (name, label) => {
    expect(parseStepLabel(name)).toEqual(label);
  });
});
