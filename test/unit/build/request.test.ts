import { describe, expect, it } from 'vitest';
import { requestFor } from '../../../src/build/request.js';
import type { Image, ImageGraph } from '../../../src/model/graph.js';
import type { PlannedImage } from '../../../src/model/plan.js';
import { graphOf, imageOf } from '../../helpers/graph.js';

const planned: PlannedImage = {
  id: 'api',
  tags: ['acme/api:1'],
  action: 'build',
  reasons: [],
  fingerprint: 'f',
  parents: [],
};

function fixture(fields: Partial<Image> = {}): { graph: ImageGraph; image: Image } {
  const image = imageOf('api', { dockerfile: 'api/Dockerfile', tags: ['acme/api:1'], ...fields });
  return { image, graph: graphOf([image], '/repo') };
}

describe('requestFor', () => {
  it('makes local paths absolute', () => {
    const { graph, image } = fixture();
    const r = requestFor(graph, image, planned);
    expect(r.dockerfile).toBe('/repo/api/Dockerfile');
    expect(r.context).toBe('/repo/api');
    expect(r.labels['org.strata.fingerprint']).toBe('f');
  });

  it('passes a remote context as it is, with the Dockerfile path inside it', () => {
    const context = 'https://example.invalid/acme/api.git#main';
    const { graph, image } = fixture({ context, dockerfile: `<remote:${context}:docker/Dockerfile>` });
    const r = requestFor(graph, image, planned);
    expect(r.context).toBe(context);
    expect(r.dockerfile).toBe('docker/Dockerfile');
  });
});
