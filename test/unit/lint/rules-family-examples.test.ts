import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintRepository } from '../../../src/lint/repository.js';
import type { Rule } from '../../../src/lint/rule.js';
import { rules as cache } from '../../../src/lint/rules/cache/index.js';
import { rules as context } from '../../../src/lint/rules/context/index.js';
import { rules as family } from '../../../src/lint/rules/family/index.js';
import { rules as ml } from '../../../src/lint/rules/ml/index.js';
import { rules as reliability } from '../../../src/lint/rules/reliability/index.js';
import { rules as security } from '../../../src/lint/rules/security/index.js';
import { rules as size } from '../../../src/lint/rules/size/index.js';
import { lintRoot } from './rules-context-helper.js';

// The examples as shipped are the good variants: no rule may fire on them. Each test below puts one of
// the seeds' defects back by a text edit and checks that the rule named in the example's README finds it
// at the right file and line. The README tables list the same injections: keep them in step.

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const NAMES = ['pose-app', 'api-ml-worker', 'speech-pipeline'] as const;
/** Every rule that judges what an example does (hygiene's style rules are covered by the CLI check). */
const ALL: Rule[] = [...security, ...cache, ...size, ...reliability, ...ml, ...family, ...context];

/** Text edits that put a seed's defect back into an example: file -> [search, replacement][]. */
type Seeding = Record<string, [string | RegExp, string][]>;

async function example(name: string, seeding: Seeding = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `strata-example-${name}-`));
  await fs.cp(path.join(EXAMPLES, name), root, { recursive: true });
  await fs.rm(path.join(root, '.strata'), { recursive: true, force: true });
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

const exists = await fs.stat(EXAMPLES).catch(() => undefined);

const POSE_BASE = 'backend/docker/base-python-pose/Dockerfile';
const POSE_SERVICE = 'backend/pose-service/Dockerfile';
/** A two-line HEALTHCHECK instruction, to remove. */
const HEALTHCHECK = /HEALTHCHECK [^\n]*\\\n[^\n]*\n/;

describe.skipIf(!exists)('the examples as shipped (the good variants)', () => {
  it.each(NAMES)('%s: the default lint reports nothing', async (name) => {
    const result = await lintRepository(await example(name));
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line ?? ''}`)).toEqual([]);
    expect(result.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(result.counts.error + result.counts.warning).toBe(0);
  });

  it.each(NAMES)(
    '%s: no security, cache, size, reliability, ML, family or context rule fires',
    async (name) => {
      expect(await found(await example(name))).toEqual([]);
    },
  );
});

describe.skipIf(!exists)('pose-app with defects put back', () => {
  it("the seed's defects: tzdata hang, cu118 on CUDA 12.1, pytorch3d before torch, COPY . first", async () => {
    const root = await example('pose-app', {
      [POSE_BASE]: [
        ['ARG DEBIAN_FRONTEND=noninteractive\n', ''],
        ['python3-torch \\', 'ffmpeg \\\n        libgl1-mesa-glx \\'],
        [
          'USER pose',
          'RUN pip install "git+https://github.com/facebookresearch/pytorch3d.git@v0.7.4"\n' +
            'RUN pip install torch==2.0.1+cu118 torchvision==0.15.2+cu118 --index-url https://download.pytorch.org/whl/cu118\n' +
            'USER pose',
        ],
      ],
      [POSE_SERVICE]: [['COPY requirements.txt .', 'COPY . .']],
    });
    // The tzdata prompt is reported once, as the error it is (not again as apt-noninteractive).
    expect(await found(root)).toEqual([
      `apt-tzdata-prompt ${POSE_BASE}:15`,
      `torch-extension-build-isolation ${POSE_BASE}:28`,
      `torch-extension-order ${POSE_BASE}:28`,
      `cuda-torch-mismatch ${POSE_BASE}:29`,
      `cache-deps-after-copy ${POSE_SERVICE}:7`,
    ]);
  });
});

describe.skipIf(!exists)('api-ml-worker with defects put back', () => {
  it("the seed's GPU requirements in the CPU image: gigabytes of CUDA wheels", async () => {
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
});

describe.skipIf(!exists)('speech-pipeline with defects put back', () => {
  it('torch in every GPU stage and pins that disagree with versions.txt', async () => {
    const stage = (pin: string) =>
      [
        [
          /FROM rajiup\/cp-whisperx-app-base-ml:(cuda|\$\{BASE_TAG\})/,
          'FROM rajiup/cp-whisperx-app-base:cuda',
        ],
        [/USER pipeline/, `RUN pip3 install --break-system-packages ${pin}\nUSER pipeline`],
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

  it('shared/ copied into the CPU base as well as into every CPU stage', async () => {
    const root = await example('speech-pipeline', {
      'docker/base/Dockerfile': [[/$/, 'COPY shared/ /app/shared/\n']],
    });
    expect(await found(root)).toEqual([
      'family-duplicate-copy docker/demux/Dockerfile:4',
      'family-duplicate-copy docker/subtitle-gen/Dockerfile:4',
      'family-duplicate-copy docker/tmdb/Dockerfile:8',
    ]);
  });
});

interface SingleDefect {
  example: (typeof NAMES)[number];
  defect: string;
  seeding: Seeding;
  /** The one finding the defect must cause: `rule file:line`. */
  finding: string;
}

/** Defects that each undo one of the fixes the shipped examples carry, and the one finding each causes. */
const SINGLE_DEFECTS: SingleDefect[] = [
  {
    example: 'pose-app',
    defect: 'no USER in the ML base: the pose service runs as root',
    seeding: { [POSE_BASE]: [['USER pose\n', '']] },
    finding: `runs-as-root ${POSE_SERVICE}:13`,
  },
  {
    example: 'pose-app',
    defect: 'no HEALTHCHECK in the pose service: compose cannot see it hang',
    seeding: { [POSE_SERVICE]: [[HEALTHCHECK, '']] },
    finding: `healthcheck-for-service ${POSE_SERVICE}:13`,
  },
  {
    example: 'pose-app',
    defect: "a .dockerignore next to a base's Dockerfile, where no build reads it",
    seeding: { 'backend/docker/base-node/.dockerignore': [['', 'node_modules/\n.git\n.env\n*.log\n']] },
    finding: 'context-dockerignore backend/docker/base-node/.dockerignore:',
  },
  {
    example: 'pose-app',
    defect: 'a base built for nothing: the clip service no longer starts FROM base-python',
    seeding: {
      'backend/clip-service/Dockerfile': [
        ['FROM base-python:latest', 'FROM python:3.10-slim'],
        ['EXPOSE 5001', 'EXPOSE 5001\nUSER nobody'],
      ],
    },
    finding: 'family-unused-base backend/docker/base-python/Dockerfile:3',
  },
  {
    example: 'pose-app',
    defect: 'apt-get install without DEBIAN_FRONTEND in the general base',
    seeding: { 'backend/docker/base-python/Dockerfile': [['ARG DEBIAN_FRONTEND=noninteractive\n', '']] },
    finding: 'apt-noninteractive backend/docker/base-python/Dockerfile:12',
  },
  {
    example: 'api-ml-worker',
    defect: 'apt-get install without DEBIAN_FRONTEND in the GPU runtime stage',
    seeding: {
      'Dockerfile.gpu': [
        ['ARG ENABLE_GPU=true\nARG DEBIAN_FRONTEND=noninteractive\n', 'ARG ENABLE_GPU=true\n'],
      ],
    },
    finding: 'apt-noninteractive Dockerfile.gpu:29',
  },
  {
    example: 'api-ml-worker',
    defect: 'the API without its USER runs as root',
    seeding: { Dockerfile: [['USER appuser\n', '']] },
    finding: 'runs-as-root Dockerfile:16',
  },
  {
    example: 'api-ml-worker',
    defect: 'the API without its HEALTHCHECK',
    seeding: { Dockerfile: [[HEALTHCHECK, '']] },
    finding: 'healthcheck-for-service Dockerfile:16',
  },
  {
    example: 'speech-pipeline',
    defect: 'a stage without its USER runs as root',
    seeding: { 'docker/asr/Dockerfile': [['USER pipeline\n', '']] },
    finding: 'runs-as-root docker/asr/Dockerfile:2',
  },
  {
    example: 'speech-pipeline',
    defect: 'apt-get install without DEBIAN_FRONTEND in the tmdb stage',
    seeding: { 'docker/tmdb/Dockerfile': [['ARG DEBIAN_FRONTEND=noninteractive\n', '']] },
    finding: 'apt-noninteractive docker/tmdb/Dockerfile:4',
  },
  {
    example: 'speech-pipeline',
    defect: 'a .dockerignore in a stage folder, which the builds from the repository root never read',
    seeding: { 'docker/asr/.dockerignore': [['', '__pycache__/\n*.pyc\n']] },
    finding: 'context-dockerignore docker/asr/.dockerignore:',
  },
];

describe.skipIf(!exists)('one fix undone: exactly one finding, at the right place', () => {
  it.each(SINGLE_DEFECTS)('$example: $defect', async ({ example: name, seeding, finding }) => {
    expect(await found(await example(name, seeding))).toEqual([finding]);
  });
});
