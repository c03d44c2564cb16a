import { baseCudaOf } from '../../knowledge/base-image.js';
import { cudaMajor } from '../../knowledge/cuda.js';
import { packageFinding } from '../../knowledge/findings.js';
import { imageInstalls } from '../../knowledge/installs.js';
import type { Finding, ImageRule } from '../../rule.js';
import { torchCudaOf } from './torch-cuda.js';

/** torch built for CUDA 11.8 on a CUDA 12.1 base: two CUDA runtimes, and extensions that do not build. */
export const rule: ImageRule = {
  meta: {
    id: 'cuda-torch-mismatch',
    category: 'ml',
    severity: 'error',
    enabledByDefault: true,
    description: 'The CUDA of the torch wheels differs from the CUDA of the base image',
  },
  scope: 'image',
  async check(image, ctx) {
    const base = baseCudaOf(image, ctx.graph);
    const installs = await imageInstalls(image, ctx);
    if (!base?.cuda.cuda || !installs) return [];
    const baseCuda = base.cuda.cuda;
    const out: Finding[] = [];
    for (const call of installs.own) {
      const torch = torchCudaOf(call);
      if (!torch) continue;
      if (torch.cuda === 'cpu') {
        out.push(
          packageFinding(
            call,
            torch.pkg,
            `torch is the CPU build (${torch.how}) on ${base.ref.familiar}, a CUDA ${baseCuda} image: the GPU goes unused and the CUDA base is dead weight`,
            `install torch from https://download.pytorch.org/whl/cu${baseCuda.replace('.', '')}, or start from a CPU base`,
          ),
        );
        continue;
      }
      if (cudaMajor(torch.cuda) === cudaMajor(baseCuda)) continue;
      out.push(
        packageFinding(
          call,
          torch.pkg,
          `torch is built for CUDA ${torch.cuda} (${torch.how}) but the base ${base.ref.familiar} has CUDA ${baseCuda}: the image carries two CUDA runtimes, and extensions compiled with the base's nvcc fail with "The detected CUDA version (${baseCuda}) mismatches the version that was used to compile PyTorch (${torch.cuda})"`,
          `install torch for CUDA ${cudaMajor(baseCuda)}.x (--index-url https://download.pytorch.org/whl/cu${baseCuda.replace('.', '')}), or use a CUDA ${torch.cuda} base`,
        ),
      );
    }
    return out;
  },
};
