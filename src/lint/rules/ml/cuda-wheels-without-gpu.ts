import type { Image, ImageGraph } from '../../../model/graph.js';
import { formatBytes } from '../../../util/fs.js';
import { baseCudaOf } from '../../knowledge/base-image.js';
import { packageFinding } from '../../knowledge/findings.js';
import { fromEdgesFrom, imageById } from '../../knowledge/graph-index.js';
import {
  cudaWheelBytes,
  isCudaWheel,
  TORCH_BUNDLED_CUDA_EXTRA_BYTES,
  TORCH_DEFAULT_CUDA_EXTRA_BYTES,
} from '../../knowledge/heavy-packages.js';
import { type InstallCall, type InstalledPackage, imageInstalls } from '../../knowledge/installs.js';
import type { ImageRule } from '../../rule.js';
import { torchCudaOf, torchFromPypi } from './torch-cuda.js';

const GB = 1_000_000_000;
/** GPU builds that are their own package name. */
const GPU_PACKAGES: Record<string, number> = {
  'onnxruntime-gpu': 0.3 * GB,
  'paddlepaddle-gpu': 2 * GB,
  'tensorflow-gpu': 1.5 * GB,
  'jax-cuda12-plugin': 0.3 * GB,
  'jax-cuda11-plugin': 0.3 * GB,
};

interface CudaCost {
  call: InstallCall;
  pkg: InstalledPackage;
  what: string;
  bytes: number;
}

/** Whether the image or any image built FROM it reserves a GPU in compose. */
function gpuSomewhere(image: Image, graph: ImageGraph, seen = new Set<string>()): boolean {
  if (image.gpu || seen.has(image.id)) return image.gpu !== undefined;
  seen.add(image.id);
  return fromEdgesFrom(graph, image.id).some((e) => {
    const child = imageById(graph, e.child);
    return child ? gpuSomewhere(child, graph, seen) : false;
  });
}

function cudaCosts(calls: InstallCall[]): CudaCost[] {
  const costs: CudaCost[] = [];
  const explicitNvidia = calls.some((c) =>
    c.packages.some((p) => /^nvidia-/.test(p.written) && isCudaWheel(p.written)),
  );
  for (const call of calls) {
    for (const pkg of call.packages) {
      if (call.manager !== 'pip' && call.manager !== 'conda') continue;
      if (isCudaWheel(pkg.written)) {
        costs.push({ call, pkg, what: pkg.written, bytes: cudaWheelBytes(pkg.written) });
      } else if (GPU_PACKAGES[pkg.written] !== undefined) {
        costs.push({ call, pkg, what: pkg.written, bytes: GPU_PACKAGES[pkg.written]! });
      } else if (
        /\[(and-cuda|cuda\d*[^\]]*)\]/.test(pkg.written) ||
        /\[(and-cuda|cuda)/.test(pkg.url ?? '')
      ) {
        costs.push({ call, pkg, what: pkg.written, bytes: 2.5 * GB });
      } else if (pkg.name === 'torch') {
        const torch = torchCudaOf(call);
        if (torch?.cuda === 'cpu') continue;
        if (torch && !torch.pypiDefault && Number.parseInt(torch.cuda, 10) < 12) {
          costs.push({ call, pkg, what: `torch (${torch.how})`, bytes: TORCH_BUNDLED_CUDA_EXTRA_BYTES });
        } else if (torch && !torch.pypiDefault) {
          const bytes = explicitNvidia ? 1.4 * GB : TORCH_DEFAULT_CUDA_EXTRA_BYTES;
          costs.push({ call, pkg, what: `torch (${torch.how}, with its nvidia-* wheels)`, bytes });
        } else if (torchFromPypi(call) || torch?.pypiDefault) {
          const bytes = explicitNvidia ? 1.4 * GB : TORCH_DEFAULT_CUDA_EXTRA_BYTES;
          costs.push({
            call,
            pkg,
            what: 'torch from PyPI (its Linux build pulls the nvidia-* CUDA wheels)',
            bytes,
          });
        }
      } else if (pkg.name === 'pytorch-cuda' || pkg.name === 'cudatoolkit') {
        costs.push({ call, pkg, what: `${pkg.written} (conda)`, bytes: 2 * GB });
      }
    }
  }
  return costs;
}

/** The seed's 6 GB CPU image: CUDA wheels in an image that has no GPU to use them. */
export const rule: ImageRule = {
  meta: {
    id: 'cuda-wheels-without-gpu',
    category: 'ml',
    severity: 'warning',
    enabledByDefault: false,
    description: 'CUDA wheels are installed in an image with no CUDA base and no GPU reserved',
  },
  scope: 'image',
  async check(image, ctx) {
    if (baseCudaOf(image, ctx.graph) || gpuSomewhere(image, ctx.graph)) return [];
    const installs = await imageInstalls(image, ctx);
    if (!installs) return [];
    const costs = cudaCosts(installs.own);
    const first = costs[0];
    if (!first) return [];
    const total = costs.reduce((n, c) => n + c.bytes, 0);
    const names = costs.map((c) => c.what);
    const nvidia = names.filter((n) => /^nvidia-/.test(n));
    const shown = [
      ...names.filter((n) => !/^nvidia-/.test(n)),
      ...(nvidia.length ? [`${nvidia.length} nvidia-* wheels`] : []),
    ];
    return [
      packageFinding(
        first.call,
        first.pkg,
        `this image has no CUDA base and no GPU reserved in compose, yet installs CUDA builds (${shown.join(', ')}): about ${formatBytes(total)} it never uses`,
        'install the CPU build of torch (--index-url https://download.pytorch.org/whl/cpu) and drop nvidia-*/cupy-cuda* pins; keep the CUDA stack in a GPU image',
      ),
    ];
  },
};
