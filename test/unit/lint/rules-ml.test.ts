import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

describe('cuda-torch-mismatch', () => {
  const mismatch = ruleById('cuda-torch-mismatch');

  it('finds torch 2.0.1+cu118 on a CUDA 12.1 base (the seed)', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
          RUN pip install torch==2.0.1+cu118 torchvision==0.15.2+cu118 --index-url https://download.pytorch.org/whl/cu118
        `),
      },
      mismatch,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('CUDA 11.8');
    expect(found[0]!.message).toContain('CUDA 12.1');
  });

  it('follows family parents to the CUDA base, and reads ARGs, PIP_INDEX_URL and conda', async () => {
    const found = await lintTree(
      {
        'docker-compose.yml': dedent(`
          services:
            base:
              image: acme/cuda:1
              build: ./base
            a:
              build: ./a
            b:
              build: ./b
            c:
              build: ./c
        `),
        'base/Dockerfile': 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\n',
        'a/Dockerfile':
          'FROM acme/cuda:1\nARG CU=cu118\nRUN pip install torch==2.0.1 --extra-index-url https://download.pytorch.org/whl/$CU\n',
        'b/Dockerfile':
          'FROM acme/cuda:1\nENV PIP_INDEX_URL=https://download.pytorch.org/whl/cu121\nRUN pip install torch==2.1.0\n',
        'c/Dockerfile':
          'FROM acme/cuda:1\nRUN conda install -y pytorch==2.0.1 pytorch-cuda=11.8 -c pytorch -c nvidia\n',
      },
      mismatch,
    );
    expect(found.map((f) => f.file)).toEqual(['a/Dockerfile', 'c/Dockerfile']);
  });

  it("uses PyPI's CUDA for a torch pin without an index", async () => {
    const found = await lintTree(
      { Dockerfile: 'FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04\nRUN pip install torch==2.0.1\n' },
      mismatch,
    );
    expect(found[0]!.message).toContain("PyPI's Linux build of torch 2.0.1");
  });
});

describe('cuda-wheels-without-gpu', () => {
  const wheels = ruleById('cuda-wheels-without-gpu');

  it('reports torch from PyPI on a CPU image with its cost', async () => {
    const found = await lintTree(
      { Dockerfile: 'FROM python:3.12-slim\nRUN pip install torch==2.4.0\n' },
      wheels,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('4.2 GB');
  });

  it('accepts a GPU reservation in compose, also on an image built FROM this one', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml': dedent(`
          services:
            base:
              image: acme/ml:1
              build: ./base
            worker:
              build: ./worker
              deploy:
                resources:
                  reservations:
                    devices:
                      - driver: nvidia
                        count: 1
                        capabilities: [gpu]
        `),
        'base/Dockerfile': 'FROM python:3.12-slim\nRUN pip install torch==2.4.0\n',
        'worker/Dockerfile': 'FROM acme/ml:1\nRUN pip install cupy-cuda12x==13.0.0\n',
      },
      wheels,
    );
  });

  it('accepts the CPU index', async () => {
    await expectNoFindings(
      {
        Dockerfile:
          'FROM python:3.12-slim\nRUN pip install torch==2.4.0 --index-url https://download.pytorch.org/whl/cpu\n',
      },
      wheels,
    );
  });
});

describe('torch-companion-versions', () => {
  it('checks a child image against the torch of its pytorch/pytorch base', async () => {
    const found = await lintTree(
      {
        Dockerfile:
          'FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\nRUN pip install torchvision==0.15.2\n',
      },
      ruleById('torch-companion-versions'),
    );
    expect(found[0]!.message).toContain('torch is 2.1.0 (pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime)');
    expect(found[0]!.fix).toContain('pin torchvision==0.16.0');
  });
});

describe('gpu-query-in-build', () => {
  it('leaves ordinary RUNs and HEALTHCHECKs alone', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          FROM python:3.12-slim
          RUN echo "nvidia-smi is for run time" && python -c "import torch"
          CMD ["nvidia-smi"]
        `),
      },
      ruleById('gpu-query-in-build'),
    );
  });
});
