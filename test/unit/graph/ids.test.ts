import { describe, expect, it } from 'vitest';
import { idFromPath, idFromTag, slug } from '../../../src/graph/ids.js';

describe('image ids', () => {
  it.each([
    ['base-node:latest', 'base-node'],
    ['base-node', 'base-node'],
    ['rajiup/cp-whisperx-app-base:cpu', 'cp-whisperx-app-base-cpu'],
    ['localhost:5000/team/api:1.2', 'api-1.2'],
    ['ghcr.io/org/worker@sha256:abc', 'worker'],
  ])('from tag %s -> %s', (tag, id) => {
    expect(idFromTag(tag)).toBe(id);
  });

  it.each([
    ['backend/docker/base-node/Dockerfile', 'backend/docker/base-node', 'base-node'],
    ['Dockerfile', '.', 'repo'],
    ['Dockerfile.gpu', '.', 'repo-gpu'],
    ['docker/asr/asr.Dockerfile', '.', 'asr-asr'],
    ['services/api/Dockerfile_dev', 'services/api', 'api-dev'],
  ])('from path %s (context %s) -> %s', (dockerfile, context, id) => {
    expect(idFromPath(dockerfile, context, 'repo')).toBe(id);
  });

  it('slugs to a safe name', () => {
    expect(slug('My Service!')).toBe('my-service');
    expect(slug('***')).toBe('image');
  });
});
