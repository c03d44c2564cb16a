import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

/** A speech-pipeline family like the seed's: torch in every GPU stage, pins that disagree. */
const speechFamily = {
  'scripts/build-all.sh': dedent(`
    #!/bin/sh
    docker build -t acme/base:cuda -f docker/base-cuda/Dockerfile .
    docker build -t acme/asr:cuda -f docker/asr/Dockerfile .
    docker build -t acme/diarization:cuda -f docker/diarization/Dockerfile .
    docker build -t acme/lyrics:cuda -f docker/lyrics/Dockerfile .
  `),
  'docker/versions.txt': 'TORCH_VERSION=2.1.0+cu121\nTRANSFORMERS_VERSION=4.57.1\nCUDA_VERSION=12.1.1\n',
  'docker/requirements-common.txt': 'numpy==1.24.3\nscipy==1.11.4\n',
  'docker/base-cuda/Dockerfile': dedent(`
    FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04
    ENV DEBIAN_FRONTEND=noninteractive
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
    COPY docker/requirements-common.txt /tmp/
    RUN pip install --no-cache-dir -r /tmp/requirements-common.txt
  `),
  'docker/asr/Dockerfile': dedent(`
    FROM acme/base:cuda
    RUN pip install --no-cache-dir torch==2.1.0+cu121 torchaudio==2.1.0+cu121 --extra-index-url https://download.pytorch.org/whl/cu121
  `),
  'docker/diarization/Dockerfile': dedent(`
    FROM acme/base:cuda
    RUN pip install --no-cache-dir torch==2.1.0+cu121 --extra-index-url https://download.pytorch.org/whl/cu121 transformers==4.57.1
  `),
  'docker/lyrics/Dockerfile': dedent(`
    FROM acme/base:cuda
    COPY docker/lyrics/requirements.txt /tmp/
    RUN pip install --no-cache-dir -r /tmp/requirements.txt
  `),
  'docker/lyrics/requirements.txt': 'torch==2.0.1\nnumpy==1.26.4\n',
};

describe('family rules on a whole family', () => {
  it('names the images that install torch and proposes their common parent', async () => {
    const found = await lintTree(speechFamily, ruleById('family-duplicate-heavy-install'));
    expect(found.map((f) => f.file).sort()).toEqual([
      'docker/asr/Dockerfile',
      'docker/diarization/Dockerfile',
      'docker/lyrics/requirements.txt',
    ]);
    const asr = found.find((f) => f.file === 'docker/asr/Dockerfile')!;
    expect(asr.message).toContain('PyTorch by diarization-cuda and lyrics-cuda');
    expect(asr.fix).toMatch(/^install it once in their common parent base-cuda and build/);
  });

  it('finds pins that drift between images and requirement files', async () => {
    const found = await lintTree(speechFamily, ruleById('family-version-drift'));
    const where = found.map((f) => `${f.file}:${f.line}`).sort();
    expect(where).toEqual([
      'docker/asr/Dockerfile:2',
      'docker/diarization/Dockerfile:2',
      'docker/lyrics/requirements.txt:1',
      'docker/lyrics/requirements.txt:2',
    ]);
  });

  it('compares versions.txt with what the images install', async () => {
    const found = await lintTree(speechFamily, ruleById('family-versions-file-mismatch'));
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['docker/lyrics/requirements.txt:1']);
    expect(found[0]!.message).toContain('docker/versions.txt:1 says torch 2.1.0+cu121');
  });

  it('reports a CUDA_VERSION the base tag does not have', async () => {
    const found = await lintTree(
      { ...speechFamily, 'docker/versions.txt': 'CUDA_VERSION=11.8.0\n' },
      ruleById('family-versions-file-mismatch'),
    );
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['docker/base-cuda/Dockerfile:1']);
  });

  it('counts an image built twice from one Dockerfile once', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml': dedent(`
          services:
            api:
              build: .
            worker:
              build: .
              command: ["python", "worker.py"]
        `),
        Dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir torch==2.4.0\n',
      },
      ruleById('family-duplicate-heavy-install'),
    );
  });

  it('counts python3-torch from apt as torch', async () => {
    const found = await lintTree(
      {
        'a/Dockerfile': 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-torch\n',
        'b/Dockerfile': 'FROM python:3.11\nRUN pip install torch==2.1.0\n',
      },
      ruleById('family-duplicate-heavy-install'),
    );
    expect(found).toHaveLength(2);
    expect(found[0]!.fix).toContain('a new shared base image');
  });

  it('does not report a child that only checks what its parent has', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml':
          'services:\n  base:\n    image: acme/base:1\n    build: ./base\n  app:\n    build: ./app\n',
        'base/Dockerfile':
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-torch python3-pip\n',
        'app/Dockerfile':
          'FROM acme/base:1\nCOPY requirements.txt .\nRUN pip install --no-index -r requirements.txt\n',
        'app/requirements.txt': 'torch>=1.12\n',
      },
      [ruleById('family-reinstall-inherited'), ruleById('family-duplicate-heavy-install')],
    );
  });
});
