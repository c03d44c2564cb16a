import { describe, expect, it } from 'vitest';
import { compareToTruth, normalizeTag, type ScanView, type Truth } from '../../../bench/corpus/score.js';

const truth: Truth = {
  repo: 'acme/stack',
  commit: '0'.repeat(40),
  images: [
    { key: 'base', dockerfile: 'images/base/Dockerfile', tags: ['acme/base:latest'] },
    { key: 'cpu', dockerfile: 'images/app/Dockerfile', tags: ['acme/app:cpu'], parents: ['base'] },
    { key: 'cuda', dockerfile: 'images/app/Dockerfile', tags: ['acme/app:cuda-*'], parents: ['base'] },
    { key: 'tool', dockerfile: 'tools/Dockerfile', parents: ['base'] },
  ],
};

describe('compareToTruth', () => {
  it('matches variants by tag, untagged images by their Dockerfile, and counts edges and tags', () => {
    const scan: ScanView = {
      images: [
        { id: 'base', dockerfile: 'images/base/Dockerfile', tags: ['docker.io/acme/base'] },
        { id: 'app', dockerfile: 'images/app/Dockerfile', tags: ['acme/app:cpu'], parents: ['base'] },
        { id: 'app-2', dockerfile: 'images/app/Dockerfile', tags: ['acme/app:cuda-$SHA'], parents: [] },
        { id: 'tool', dockerfile: 'tools/Dockerfile', parents: ['base', 'app'] },
      ],
    };
    const s = compareToTruth(truth, scan);
    expect(s.imagesMatched).toBe(4);
    expect(s.edgesExpected).toBe(3);
    expect(s.edgesFound).toBe(2);
    expect(s.missedEdges).toEqual(['cuda -> base']);
    expect(s.tagsFound).toBe(3);
    expect(s.wrongEdges).toEqual(['tool -> cpu']);
  });

  it('leaves an image unmatched when its Dockerfile builds several images and no tag tells which', () => {
    const s = compareToTruth(
      { ...truth, images: [truth.images[0]!, { key: 'x', dockerfile: 'images/app/Dockerfile' }] },
      {
        images: [
          { id: 'a', dockerfile: 'images/app/Dockerfile' },
          { id: 'b', dockerfile: 'images/app/Dockerfile' },
        ],
      },
    );
    expect(s.unmatchedImages).toEqual(['base (images/base/Dockerfile)', 'x (images/app/Dockerfile)']);
  });
});

describe('normalizeTag', () => {
  it.each([
    ['ubuntu', 'ubuntu:latest'],
    ['docker.io/library/ubuntu:22.04', 'ubuntu:22.04'],
    ['localhost:5000/x', 'localhost:5000/x:latest'],
    ['quay.io/jupyter/base-notebook:2024', 'quay.io/jupyter/base-notebook:2024'],
  ])('%s -> %s', (tag, normal) => expect(normalizeTag(tag)).toBe(normal));
});
