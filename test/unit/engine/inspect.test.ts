import { describe, expect, test } from 'vitest';
import {
  parseHumanSize,
  parseImageInspect,
  parseInspectBatch,
  parseSystemDf,
} from '../../../src/engine/inspect.js';
import { readRecorded } from '../recorded.js';

const read = (name: string) => readRecorded('engine', name);

describe('parseImageInspect (recorded docker image inspect, engine 20.10)', () => {
  test.each([
    [
      'inspect/inspect-fresh.json',
      { repoTags: ['strata-test-engine/rec-fresh:latest'], size: 1982348, labels: {} },
    ],
    ['inspect/inspect-debian.json', { repoTags: ['strata-test-engine/debian:bookworm'], labels: {} }],
    [
      'inspect/inspect-labelled.json',
      {
        labels: { 'org.strata.fingerprint': 'abc123', 'org.strata.image': 'lab' },
        user: '1000:1000',
        healthcheck: ['CMD-SHELL', 'true'],
      },
    ],
  ])('%s', (file, expected) => {
    const details = parseImageInspect(read(file));
    expect(details?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(details).toMatchObject(expected);
  });

  test('missing image (`[]`) and garbage give undefined', () => {
    expect(parseImageInspect('[]')).toBeUndefined();
    expect(parseImageInspect('Error: No such image')).toBeUndefined();
  });
});

test.each([
  ['0B', 0],
  ['3.004kB', 3004],
  ['719.1MB', 719_100_000],
  ['1.2GB', 1_200_000_000],
  ['2KiB', 2048],
  ['n/a', undefined],
])('parseHumanSize(%s)', (text, bytes) => {
  expect(parseHumanSize(text)).toBe(bytes);
});

test('parseSystemDf (recorded `docker system df --format {{json .}}`)', () => {
  expect(parseSystemDf(read('df/system-df.jsonl'))).toEqual({
    images: 719_100_000,
    buildCache: 3004,
    containers: 0,
    volumes: 0,
  });
});

describe('parseInspectBatch (recorded `docker image inspect --format {{json .}} A B C`, one missing)', () => {
  test('maps each ref to its line, in order, and the missing one to undefined', () => {
    const refs = ['strata-bench/system:latest', 'nope:1', 'strata-bench/api:latest'];
    const out = parseInspectBatch(
      refs,
      read('inspect/batch-two-of-three.stdout'),
      read('inspect/batch-two-of-three.stderr'),
    );
    expect([...out.keys()]).toEqual(refs);
    expect(out.get('strata-bench/system:latest')?.repoTags).toEqual(['strata-bench/system:latest']);
    expect(out.get('nope:1')).toBeUndefined();
    expect(out.get('strata-bench/api:latest')?.repoTags).toEqual(['strata-bench/api:latest']);
  });

  test("reads the newer client's wording of a missing image too", () => {
    const out = parseInspectBatch(
      ['a:1', 'b:1'],
      '{"Id":"sha256:b","RepoTags":["b:1"]}\n',
      'Error response from daemon: no such image: a:1: No such image: a:1\n',
    );
    expect(out.get('a:1')).toBeUndefined();
    expect(out.get('b:1')?.id).toBe('sha256:b');
  });
});
