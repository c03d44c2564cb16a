import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Image, ImageGraph } from '../../src/model/graph.js';
import { scan } from '../../src/scan.js';
import { DOCKER, docker, requireEngine } from '../helpers/engine.js';

// Builds every image of the bundled examples with plain `docker build` (BuildKit on), one wave after the
// other, as `scan` orders them. The tags the examples build are removed first, so an image whose base
// came in a later wave would fail to build: no registry can be pulled from. Base images are kept at the
// end (they are the cache for the next run); service images are removed.

const run = promisify(execFile);
const engine = await requireEngine();
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const TEST_REPO = 'strata-test-examples';

interface BuildOutcome {
  ok: boolean;
  output: string;
}

async function build(root: string, image: Image, tags: string[]): Promise<BuildOutcome> {
  const args = ['build', '--progress=plain', '-f', path.join(root, image.dockerfile)];
  if (image.target) args.push('--target', image.target);
  for (const [name, value] of Object.entries(image.args)) args.push('--build-arg', `${name}=${value}`);
  for (const tag of tags) args.push('-t', tag);
  args.push(path.join(root, image.context));
  try {
    const { stdout, stderr } = await run(DOCKER, args, {
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      maxBuffer: 256 * 1024 * 1024,
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** A tag of our own per image, so that every built image can be found and removed. */
function idTag(example: string, image: Image): string {
  return `${TEST_REPO}/${example}-${image.id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}:latest`;
}

async function removeTags(tags: string[]): Promise<void> {
  for (const tag of tags) {
    await run(DOCKER, ['rmi', tag]).catch(() => undefined);
  }
}

function byTag(graph: ImageGraph, tag: string): Image {
  const image = graph.images.find((i) => i.tags.includes(tag));
  if (!image)
    throw new Error(`no image tagged ${tag}; tags: ${graph.images.flatMap((i) => i.tags).join(', ')}`);
  return image;
}

function waveOf(graph: ImageGraph, id: string): number {
  return graph.waves.findIndex((wave) => wave.includes(id));
}

function parentsOf(graph: ImageGraph, image: Image): string[] {
  return graph.edges.filter((e) => e.child === image.id).map((e) => e.parent);
}

/** Scans an example, builds all of it in wave order and cleans up; the returned getter holds the graph. */
function buildExample(example: string): () => ImageGraph {
  const root = path.join(EXAMPLES, example);
  let graph: ImageGraph | undefined;

  beforeAll(async () => {
    graph = await scan(root);
  });

  afterAll(async () => {
    if (!graph) return;
    for (const image of graph.images) {
      await removeTags(
        image.role === 'service' ? [idTag(example, image), ...image.tags] : [idTag(example, image)],
      );
    }
  });

  it('scans without errors and orders every image', () => {
    const g = graph!;
    expect(g.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(g.cycles).toEqual([]);
    expect(g.waves.flat().sort()).toEqual(g.images.map((i) => i.id).sort());
    for (const edge of g.edges) expect(waveOf(g, edge.parent)).toBeLessThan(waveOf(g, edge.child));
  });

  it('builds every image in the order of the waves', async () => {
    const g = graph!;
    await removeTags(g.images.flatMap((i) => i.tags));
    for (const wave of g.waves) {
      for (const id of wave) {
        const image = g.images.find((i) => i.id === id)!;
        const outcome = await build(root, image, [...image.tags, idTag(example, image)]);
        expect(
          outcome.ok,
          `${id} (${image.dockerfile}):\n${outcome.output.split('\n').slice(-40).join('\n')}`,
        ).toBe(true);
      }
    }
  });

  return () => graph!;
}

describe.skipIf(!engine)('examples build in the order scan gives', () => {
  describe('pose-app', () => {
    const graph = buildExample('pose-app');

    it('links every service to its base and builds no base for nothing', () => {
      const g = graph();
      expect(g.images).toHaveLength(7);
      expect(parentsOf(g, byTag(g, 'snowboard-pose-service:latest'))).toEqual([
        byTag(g, 'base-python-pose:latest').id,
      ]);
      expect(parentsOf(g, byTag(g, 'snowboard-backend-api:latest'))).toEqual([
        byTag(g, 'base-node:latest').id,
      ]);
      expect(parentsOf(g, byTag(g, 'snowboard-frontend:latest'))).toEqual([byTag(g, 'base-node:latest').id]);
      expect(parentsOf(g, byTag(g, 'snowboard-clip-service:latest'))).toEqual([
        byTag(g, 'base-python:latest').id,
      ]);
      // No file tags base-python-pose:latest: the link is inferred from the folder name.
      const poseLink = g.edges.find((e) => e.child === byTag(g, 'snowboard-pose-service:latest').id);
      expect(poseLink?.inferred?.reason).toBe('folder-name');
      expect(g.edges.filter((e) => e.inferred)).toHaveLength(1);
      expect(g.unused).toEqual([]);
      expect(g.images.filter((i) => i.gpu).map((i) => i.id)).toEqual([
        byTag(g, 'snowboard-pose-service:latest').id,
      ]);
      expect(g.waves).toHaveLength(2);
    });

    it('puts a working torch in the pose service image', async () => {
      const tag = idTag('pose-app', byTag(graph(), 'snowboard-pose-service:latest'));
      const out = await docker([
        'run',
        '--rm',
        tag,
        'python3',
        '-c',
        'import torch; print(torch.__version__)',
      ]);
      expect(out.trim()).toMatch(/^\d+\.\d+/);
    });

    it('runs the services as the users their images or bases set, each with a HEALTHCHECK', async () => {
      const g = graph();
      const pose = idTag('pose-app', byTag(g, 'snowboard-pose-service:latest'));
      expect((await docker(['run', '--rm', pose, 'whoami'])).trim()).toBe('pose');
      const clips = idTag('pose-app', byTag(g, 'snowboard-clip-service:latest'));
      expect((await docker(['run', '--rm', clips, 'whoami'])).trim()).toBe('app');
      for (const service of ['pose-service', 'clip-service', 'backend-api', 'frontend']) {
        const tag = idTag('pose-app', byTag(g, `snowboard-${service}:latest`));
        const health = JSON.parse(
          await docker(['inspect', '--format', '{{json .Config.Healthcheck}}', tag]),
        ) as { Test?: string[] } | null;
        expect(health?.Test?.join(' '), service).toMatch(/localhost:\d+\//);
      }
    });
  });

  describe('api-ml-worker', () => {
    const graph = buildExample('api-ml-worker');

    it('finds the CPU API and the GPU worker, both on external bases', () => {
      const g = graph();
      expect(g.images).toHaveLength(2);
      expect(g.edges).toEqual([]);
      expect(g.waves).toHaveLength(1);
      const worker = byTag(g, 'demeterai-ml:latest');
      expect(worker.gpu?.capabilities).toContain('gpu');
      expect(byTag(g, 'demeterai-api:latest').args).toMatchObject({
        PYTHON_VERSION: '3.12',
        ENABLE_GPU: 'false',
      });
    });

    it('runs the API as appuser with a HEALTHCHECK', async () => {
      const tag = idTag('api-ml-worker', byTag(graph(), 'demeterai-api:latest'));
      expect((await docker(['run', '--rm', tag, 'whoami'])).trim()).toBe('appuser');
      const health = JSON.parse(
        await docker(['inspect', '--format', '{{json .Config.Healthcheck}}', tag]),
      ) as {
        Test?: string[];
      } | null;
      expect(health?.Test?.join(' ')).toContain('/health');
    });
  });

  describe('speech-pipeline', () => {
    const graph = buildExample('speech-pipeline');

    it('builds base:cpu and base:cuda, then base-ml:cuda, then the GPU stages', () => {
      const g = graph();
      expect(g.images).toHaveLength(9);
      const wave = (tag: string) => waveOf(g, byTag(g, tag).id);
      expect(wave('rajiup/cp-whisperx-app-base:cpu')).toBe(0);
      expect(wave('rajiup/cp-whisperx-app-base:cuda')).toBe(0);
      expect(wave('rajiup/cp-whisperx-app-base-ml:cuda')).toBe(1);
      for (const stage of ['demux', 'tmdb', 'subtitle-gen'])
        expect(wave(`rajiup/cp-whisperx-app-${stage}:cpu`)).toBe(1);
      for (const stage of ['asr', 'diarization', 'vad'])
        expect(wave(`rajiup/cp-whisperx-app-${stage}:cuda`)).toBe(2);
    });

    it('makes stage images that run their script', async () => {
      const tag = idTag('speech-pipeline', byTag(graph(), 'rajiup/cp-whisperx-app-demux:cpu'));
      const { stderr } = await run(DOCKER, ['run', '--rm', '-e', 'JOB_DIR=/tmp/job', tag]);
      expect(stderr).toContain('[demux] done');
    });
  });
});
