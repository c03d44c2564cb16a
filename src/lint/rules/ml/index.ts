import type { Rule } from '../../rule.js';
import { rule as cudaTorchMismatch } from './cuda-torch-mismatch.js';
import { rule as cudaWheelsWithoutGpu } from './cuda-wheels-without-gpu.js';
import { rule as gpuQueryInBuild } from './gpu-query-in-build.js';
import { rule as torchCompanionVersions } from './torch-companion-versions.js';

export const rules: Rule[] = [
  cudaTorchMismatch,
  cudaWheelsWithoutGpu,
  torchCompanionVersions,
  gpuQueryInBuild,
];
