import { describe, expect, it } from 'vitest';
import {
  cudaOfBaseImage,
  cudaOfIndexUrl,
  cudaOfLocalVersion,
  cudaOfTag,
} from '../../../src/lint/knowledge/cuda.js';
import { cudaWheelBytes, heavyPackage, isCudaWheel } from '../../../src/lint/knowledge/heavy-packages.js';
import { belongsWithTorch, publicVersion, torchRelease } from '../../../src/lint/knowledge/torch-releases.js';

describe('CUDA of base images', () => {
  it.each([
    ['nvidia/cuda', '12.1.1-runtime-ubuntu22.04', { cuda: '12.1', flavor: 'runtime', hasTorch: false }],
    ['nvidia/cuda', '11.8.0-cudnn8-devel-ubuntu22.04', { cuda: '11.8', flavor: 'devel', hasTorch: false }],
    [
      'nvidia/cuda',
      '12.1.1-cudnn8-runtime-ubuntu22.04',
      { cuda: '12.1', flavor: 'runtime', hasTorch: false },
    ],
    [
      'pytorch/pytorch',
      '2.1.0-cuda12.1-cudnn8-runtime',
      { cuda: '12.1', flavor: 'runtime', hasTorch: true, torch: '2.1.0' },
    ],
    [
      'pytorch/pytorch',
      '1.13.1-cuda11.6-cudnn8-devel',
      { cuda: '11.6', flavor: 'devel', hasTorch: true, torch: '1.13.1' },
    ],
    ['nvidia/pytorch', '23.10-py3', { cuda: '12.2', flavor: 'devel', hasTorch: true }],
    ['nvidia/pytorch', '22.12-py3', { cuda: '11.8', flavor: 'devel', hasTorch: true }],
    ['tensorflow/tensorflow', '2.15.0-gpu', { cuda: '12.2', hasTorch: false }],
  ])('%s:%s', (repo, tag, expected) => {
    expect(cudaOfBaseImage(repo, tag)).toMatchObject(expected);
  });

  it('knows images without CUDA', () => {
    expect(cudaOfBaseImage('library/python', '3.12-slim')).toBeUndefined();
    expect(cudaOfBaseImage('library/ubuntu', '22.04')).toBeUndefined();
    expect(cudaOfBaseImage('tensorflow/tensorflow', '2.15.0')).toBeUndefined();
  });

  it('treats a cuda tag of an unknown image as CUDA of unknown version', () => {
    expect(cudaOfBaseImage('rajiup/cp-whisperx-app-base', 'cuda')).toEqual({
      flavor: undefined,
      hasTorch: false,
    });
  });
});

describe('CUDA of torch wheels', () => {
  it('reads local versions and index URLs', () => {
    expect(cudaOfLocalVersion('2.0.1+cu118')).toBe('11.8');
    expect(cudaOfLocalVersion('2.4.0+cu121')).toBe('12.1');
    expect(cudaOfLocalVersion('2.4.0+cpu')).toBe('cpu');
    expect(cudaOfLocalVersion('2.4.0')).toBeUndefined();
    expect(cudaOfTag('cu92')).toBe('9.2');
    expect(cudaOfIndexUrl('https://download.pytorch.org/whl/cu118')).toBe('11.8');
    expect(cudaOfIndexUrl('https://download.pytorch.org/whl/nightly/cu124/')).toBe('12.4');
    expect(cudaOfIndexUrl('https://download.pytorch.org/whl/cpu')).toBe('cpu');
    expect(cudaOfIndexUrl('https://mirror.example/simple')).toBeUndefined();
  });
});

describe('torch releases', () => {
  it('pairs torch with its torchvision and torchaudio', () => {
    expect(belongsWithTorch('torchvision', '0.15.2', '2.0.1+cu118')).toBe(true);
    expect(belongsWithTorch('torchvision', '0.16.0', '2.0.1')).toBe(false);
    expect(belongsWithTorch('torchaudio', '2.1.0+cu121', '2.1.0')).toBe(true);
    expect(belongsWithTorch('torchaudio', '2.0.2', '2.1.0')).toBe(false);
    expect(belongsWithTorch('torchvision', '0.99.0', '2.1.0')).toBeUndefined();
  });

  it('knows the CUDA of PyPI builds', () => {
    expect(torchRelease('2.0.1')?.pypiCuda).toBe('11.7');
    expect(torchRelease('2.4')?.pypiCuda).toBe('12.1');
    expect(publicVersion('2.1+cu121')).toBe('2.1.0');
  });
});

describe('heavy packages', () => {
  it('recognises CUDA wheels and heavy packages across managers', () => {
    expect(isCudaWheel('nvidia-cublas-cu12')).toBe(true);
    expect(isCudaWheel('nvidia_cudnn_cu11')).toBe(true);
    expect(isCudaWheel('cupy-cuda12x')).toBe(true);
    expect(isCudaWheel('nvidia-ml-py')).toBe(false);
    expect(cudaWheelBytes('nvidia-cudnn-cu12')).toBe(1_000_000_000);
    expect(heavyPackage('python3-torch')?.name).toBe('torch');
    expect(heavyPackage('pytorch')?.name).toBe('torch');
    expect(heavyPackage('opencv-python-headless')?.name).toBe('opencv');
    expect(heavyPackage('flask')).toBeUndefined();
  });
});
