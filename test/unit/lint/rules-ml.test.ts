import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/lint/rules/ml/index.js';
import { dedent } from '../../helpers/testdir.js';
import { lintTree } from './rules-context-helper.js';

const byId = (id: string) => rules.find((r) => r.meta.id === id)!;

describe('cuda-torch-mismatch', () => {
  const rule = byId('cuda-torch-mismatch');
  it('finds torch 2.0.1+cu118 on a CUDA 12.1 base (the seed)', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
          RUN pip install torch==2.0.1+cu118 torchvision==0.15.2+cu118 --index-url https://download.pytorch.org/whl/cu118
        `),
      },
      rule,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('CUDA 11.8');
    expect(found[0]!.message).toContain('CUDA 12.1');
  });
});
