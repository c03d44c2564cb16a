import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/lint/rule.js';
import { rules as cache } from '../../../src/lint/rules/cache/index.js';
import { rules as context } from '../../../src/lint/rules/context/index.js';
import { rules as family } from '../../../src/lint/rules/family/index.js';
import { rules as ml } from '../../../src/lint/rules/ml/index.js';
import { rules as reliability } from '../../../src/lint/rules/reliability/index.js';
import { rules as size } from '../../../src/lint/rules/size/index.js';
import { lintRoot } from './rules-context-helper.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const ALL: Rule[] = [...cache, ...size, ...reliability, ...ml, ...family, ...context];

/** Text edits that put a seed's defect back into an example: file -> [search, replacement][]. */
type Seeding = Record<string, [string | RegExp, string][]>;

async function example(name: string, seeding: Seeding = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `strata-example-${name}-`));
  await fs.cp(path.join(EXAMPLES, name), root, { recursive: true });
  for (const [file, edits] of Object.entries(seeding)) {
    let text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    for (const [search, replacement] of edits) {
      const next = text.replace(search, replacement);
      if (next === text && search !== '') throw new Error(`seeding ${file}: ${search} not found`);
      text = search === '' ? replacement : next;
    }
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

const found = async (root: string) =>
  (await lintRoot(root, ALL)).map((f) => `${f.rule} ${f.file}:${f.line ?? ''}`);

describe.skipIf(!(await fs.stat(EXAMPLES).catch(() => undefined)))('the examples', () => {
  it('pose-app as shipped: its unread .dockerignore files, its unused base, one apt install without DEBIAN_FRONTEND', async () => {
    expect(await found(await example('pose-app'))).toEqual([
      'context-dockerignore backend/docker/base-node/.dockerignore:',
      'context-dockerignore backend/docker/base-python/.dockerignore:',
      'family-unused-base backend/docker/base-python/Dockerfile:2',
      'apt-noninteractive backend/docker/base-python/Dockerfile:11',
    ]);
  });

  it('speech-pipeline as shipped: the shared files every stage copies again over its base', async () => {
    const stages = ['asr', 'demux', 'diarization', 'subtitle-gen', 'tmdb', 'vad'];
    const lines: Record<string, number> = { tmdb: 7, vad: 5 };
    expect(await found(await example('speech-pipeline'))).toEqual(
      stages.map((s) => `family-duplicate-copy docker/${s}/Dockerfile:${lines[s] ?? 4}`),
    );
  });

  it('api-ml-worker as shipped: one apt install without DEBIAN_FRONTEND', async () => {
    expect(await found(await example('api-ml-worker'))).toEqual(['apt-noninteractive Dockerfile:24']);
  });

  it("pose-app with the seed's defects: tzdata hang, cu118 on CUDA 12.1, pytorch3d before torch, COPY . first", async () => {
    const base = 'backend/docker/base-python-pose/Dockerfile';
    const root = await example('pose-app', {
      [base]: [
        [/ENV DEBIAN_FRONTEND=noninteractive \\\n\s*/, 'ENV '],
        ['python3-torch \\', 'ffmpeg \\\n        libgl1-mesa-glx \\'],
        [
          /$/,
          '\nRUN pip install "git+https://github.com/facebookresearch/pytorch3d.git@v0.7.4"\n' +
            'RUN pip install torch==2.0.1+cu118 torchvision==0.15.2+cu118 --index-url https://download.pytorch.org/whl/cu118\n',
        ],
      ],
      'backend/pose-service/Dockerfile': [['COPY requirements.txt .', 'COPY . .']],
    });
    const result = await found(root);
    for (const expected of [
      `apt-tzdata-prompt ${base}:15`,
      `cuda-torch-mismatch ${base}:27`,
      `torch-extension-order ${base}:26`,
      `torch-extension-build-isolation ${base}:26`,
      'cache-deps-after-copy backend/pose-service/Dockerfile:6',
    ]) {
      expect(result).toContain(expected);
    }
  });

  it("api-ml-worker with the seed's GPU requirements in the CPU image: gigabytes of CUDA wheels", async () => {
    const nvidia = [
      'cublas',
      'cudnn',
      'cufft',
      'curand',
      'cusolver',
      'cusparse',
      'nccl',
      'nvjitlink',
      'cuda-runtime',
      'cuda-nvrtc',
      'cuda-cupti',
      'nvtx',
    ];
    const root = await example('api-ml-worker', {
      'requirements.txt': [
        [
          '',
          `torch==2.4.0+cu121\ntorchvision==0.19.0+cu121\n${nvidia.map((n) => `nvidia-${n}-cu12==12.1.0`).join('\n')}\n`,
        ],
      ],
      Dockerfile: [['--no-index ', '']],
    });
    const result = await lintRoot(root, ALL);
    const wheels = result.filter((f) => f.rule === 'cuda-wheels-without-gpu');
    expect(wheels.map((f) => `${f.file}:${f.line}`)).toEqual(['requirements.txt:1']);
    expect(wheels[0]!.message).toMatch(/12 nvidia-\* wheels\): about [4-7]\.\d GB/);
  });

  it('speech-pipeline with torch in every GPU stage and pins that disagree with versions.txt', async () => {
    const stage = (pin: string) =>
      [
        [
          /FROM rajiup\/cp-whisperx-app-base-ml:(cuda|\$\{BASE_TAG\})/,
          'FROM rajiup/cp-whisperx-app-base:cuda',
        ],
        [/ENTRYPOINT/, `RUN pip3 install --break-system-packages ${pin}\nENTRYPOINT`],
      ] as [RegExp, string][];
    const root = await example('speech-pipeline', {
      'docker/versions.txt': [[/$/, 'TORCH_VERSION=2.1.0\n']],
      'docker/asr/Dockerfile': stage('torch==2.1.0 torchaudio==2.1.0'),
      'docker/diarization/Dockerfile': stage('torch==2.1.0'),
      'docker/vad/Dockerfile': stage('torch==2.0.1 torchaudio==2.1.0'),
    });
    const result = await found(root);
    expect(result.filter((f) => f.startsWith('family-duplicate-heavy-install')).sort()).toEqual([
      'family-duplicate-heavy-install docker/asr/Dockerfile:7',
      'family-duplicate-heavy-install docker/diarization/Dockerfile:7',
      'family-duplicate-heavy-install docker/vad/Dockerfile:8',
    ]);
    expect(result).toContain('family-versions-file-mismatch docker/vad/Dockerfile:8');
    expect(result).toContain('torch-companion-versions docker/vad/Dockerfile:8');
    expect(result.filter((f) => f.startsWith('family-version-drift')).length).toBeGreaterThanOrEqual(2);
  });
});
