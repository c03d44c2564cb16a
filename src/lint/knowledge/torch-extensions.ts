import { normalizePackageName } from './package-names.js';

/**
 * Packages whose build compiles C++/CUDA code against an installed torch: their setup.py imports torch.
 * pip's build isolation hides the installed torch (or installs a different one), so they need torch
 * installed first, in an earlier pip call, and `--no-build-isolation`.
 */
export interface TorchExtension {
  name: string;
  /** GitHub `owner/repo` the package is built from when installed from source. */
  repos: string[];
  /** PyPI ships Linux wheels for it: a plain `pip install NAME` does not compile. */
  pypiWheels: boolean;
}

export const TORCH_EXTENSIONS: TorchExtension[] = [
  { name: 'pytorch3d', repos: ['facebookresearch/pytorch3d'], pypiWheels: false },
  { name: 'detectron2', repos: ['facebookresearch/detectron2'], pypiWheels: false },
  {
    name: 'flash-attn',
    repos: ['dao-ailab/flash-attention', 'hazyresearch/flash-attention'],
    pypiWheels: false,
  },
  { name: 'xformers', repos: ['facebookresearch/xformers'], pypiWheels: true },
  { name: 'torch-scatter', repos: ['rusty1s/pytorch_scatter'], pypiWheels: false },
  { name: 'torch-sparse', repos: ['rusty1s/pytorch_sparse'], pypiWheels: false },
  { name: 'torch-cluster', repos: ['rusty1s/pytorch_cluster'], pypiWheels: false },
  { name: 'torch-spline-conv', repos: ['rusty1s/pytorch_spline_conv'], pypiWheels: false },
  { name: 'pyg-lib', repos: ['pyg-team/pyg-lib'], pypiWheels: false },
  { name: 'mmcv', repos: ['open-mmlab/mmcv'], pypiWheels: false },
  { name: 'mmcv-full', repos: [], pypiWheels: false },
  { name: 'apex', repos: ['nvidia/apex'], pypiWheels: false },
  { name: 'deepspeed', repos: ['microsoft/deepspeed'], pypiWheels: false },
  { name: 'mamba-ssm', repos: ['state-spaces/mamba'], pypiWheels: false },
  { name: 'causal-conv1d', repos: ['dao-ailab/causal-conv1d'], pypiWheels: false },
  { name: 'nvdiffrast', repos: ['nvlabs/nvdiffrast'], pypiWheels: false },
  { name: 'tinycudann', repos: ['nvlabs/tiny-cuda-nn'], pypiWheels: false },
  { name: 'kaolin', repos: ['nvidiagameworks/kaolin'], pypiWheels: false },
  { name: 'natten', repos: ['shi-labs/neighborhood-attention-transformer'], pypiWheels: false },
  { name: 'groundingdino', repos: ['idea-research/groundingdino'], pypiWheels: false },
  {
    name: 'diff-gaussian-rasterization',
    repos: ['graphdeco-inria/diff-gaussian-rasterization'],
    pypiWheels: false,
  },
  { name: 'simple-knn', repos: [], pypiWheels: false },
  { name: 'torchsparse', repos: ['mit-han-lab/torchsparse'], pypiWheels: false },
  { name: 'neural-renderer-pytorch', repos: ['daniilidis-group/neural_renderer'], pypiWheels: false },
];

/** Known extension by package name or by the `owner/repo` of a git URL or clone. */
export function torchExtension(nameOrRepo: string): TorchExtension | undefined {
  const lower = nameOrRepo.toLowerCase().replace(/\.git$/, '');
  const byRepo = TORCH_EXTENSIONS.find((e) => e.repos.some((r) => lower.endsWith(r)));
  if (byRepo) return byRepo;
  const n = normalizePackageName(lower.split('/').pop() ?? lower);
  return TORCH_EXTENSIONS.find((e) => e.name === n);
}
