import { canonicalPackage, normalizePackageName } from './package-names.js';

/**
 * Installed size estimates on linux/amd64, in bytes, of the packages strata calls heavy: the ones that,
 * installed twice in a family, cost gigabytes. Figures are rounded from the unpacked wheels of recent
 * releases (site-packages size after `pip install`), not the download size; they say "this is large",
 * not "this is exactly". Documented in docs/rules/family-duplicate-heavy-install.md.
 */
export interface HeavyPackage {
  /** Canonical name (see canonicalPackage). */
  name: string;
  label: string;
  bytes: number;
}

const MB = 1_000_000;
const GB = 1_000_000_000;

const HEAVY: HeavyPackage[] = [
  { name: 'torch', label: 'PyTorch', bytes: 1.6 * GB },
  { name: 'torchvision', label: 'torchvision', bytes: 30 * MB },
  { name: 'torchaudio', label: 'torchaudio', bytes: 20 * MB },
  { name: 'tensorflow', label: 'TensorFlow', bytes: 1.8 * GB },
  { name: 'jax', label: 'JAX', bytes: 5 * MB },
  { name: 'jaxlib', label: 'jaxlib', bytes: 250 * MB },
  { name: 'transformers', label: 'transformers', bytes: 100 * MB },
  { name: 'opencv', label: 'OpenCV', bytes: 200 * MB },
  { name: 'onnxruntime-gpu', label: 'ONNX Runtime (GPU)', bytes: 300 * MB },
  { name: 'tensorrt', label: 'TensorRT', bytes: 2 * GB },
  { name: 'paddlepaddle-gpu', label: 'PaddlePaddle (GPU)', bytes: 2 * GB },
  { name: 'mxnet', label: 'MXNet', bytes: 600 * MB },
  { name: 'triton', label: 'Triton', bytes: 400 * MB },
  { name: 'xformers', label: 'xformers', bytes: 250 * MB },
  { name: 'vllm', label: 'vLLM', bytes: 500 * MB },
  { name: 'detectron2', label: 'detectron2', bytes: 100 * MB },
  { name: 'pytorch3d', label: 'pytorch3d', bytes: 100 * MB },
  { name: 'cudatoolkit', label: 'CUDA toolkit (conda)', bytes: 2 * GB },
  { name: 'pytorch-cuda', label: 'CUDA runtime for PyTorch (conda)', bytes: 2 * GB },
];

/**
 * CUDA library wheels (what `pip install torch` pulls on Linux from PyPI, and what tensorflow[and-cuda]
 * and jax[cuda12] pull). Sizes are the unpacked cu12 wheels; the cu11 ones are within 20%.
 */
export const CUDA_WHEEL_BYTES: Record<string, number> = {
  'nvidia-cudnn': 1.0 * GB,
  'nvidia-cublas': 620 * MB,
  'nvidia-cusparse': 290 * MB,
  'nvidia-cusparselt': 220 * MB,
  'nvidia-cusolver': 260 * MB,
  'nvidia-cufft': 210 * MB,
  'nvidia-nccl': 230 * MB,
  'nvidia-curand': 90 * MB,
  'nvidia-cuda-nvrtc': 70 * MB,
  'nvidia-nvjitlink': 50 * MB,
  'nvidia-cuda-cupti': 30 * MB,
  'nvidia-cuda-runtime': 3 * MB,
  'nvidia-nvtx': 1 * MB,
  'nvidia-cufile': 40 * MB,
};

/** Everything `pip install torch` (PyPI, Linux, torch >= 2.1) adds over the CPU build: CUDA kernels, nvidia-*, triton. */
export const TORCH_DEFAULT_CUDA_EXTRA_BYTES = 4.2 * GB;
/** torch `+cu11x` wheels from download.pytorch.org bundle the CUDA libraries in the wheel (`+cu12x` ones pull nvidia-* wheels). */
export const TORCH_BUNDLED_CUDA_EXTRA_BYTES = 2.8 * GB;
/** cupy-cuda* wheels. */
export const CUPY_CUDA_BYTES = 400 * MB;

/** apt packages that are the same heavy software. */
const APT_HEAVY: Record<string, string> = {
  'python3-torch': 'torch',
  'python3-torchvision': 'torchvision',
  'python3-opencv': 'opencv',
  'libopencv-dev': 'opencv',
  'python3-tensorflow': 'tensorflow',
};

/** The heavy package a pip/conda/apt name stands for; CUDA wheels (`nvidia-*`, `cupy-cuda*`) count as `cuda-libraries`. */
export function heavyPackage(name: string): HeavyPackage | undefined {
  const n = normalizePackageName(name);
  if (isCudaWheel(n))
    return { name: 'cuda-libraries', label: 'CUDA libraries (nvidia-*, cupy)', bytes: cudaWheelBytes(n) };
  if (/^cuda-(toolkit|libraries|runtime)/.test(n) || /^libcudnn\d/.test(n)) {
    return { name: 'cuda-libraries', label: 'CUDA libraries', bytes: 1 * GB };
  }
  const canonical = APT_HEAVY[n] ?? canonicalPackage(n);
  return HEAVY.find((h) => h.name === canonical);
}

/** `nvidia-cublas-cu12`, `nvidia-cudnn-cu11`, `cupy-cuda12x`, `cupy-cuda117`. */
export function isCudaWheel(name: string): boolean {
  const n = normalizePackageName(name);
  return /^nvidia-[a-z0-9-]+-cu\d+$/.test(n) || /^cupy-cuda\d+x?$/.test(n);
}

/** Installed size of one CUDA wheel (0 when the name is not one). */
export function cudaWheelBytes(name: string): number {
  const n = normalizePackageName(name);
  if (/^cupy-cuda/.test(n)) return CUPY_CUDA_BYTES;
  const base = n.replace(/-cu\d+$/, '');
  return CUDA_WHEEL_BYTES[base] ?? 50 * MB;
}
