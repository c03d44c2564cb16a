import { programOf, runCommands, runScript } from '../../knowledge/shell.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, firstLine } from '../../stages.js';

const GPU_QUERIES: [RegExp, string][] = [
  [
    /torch\.cuda\.(is_available|device_count|get_device_name|current_device|get_device_properties)\s*\(/,
    'torch.cuda',
  ],
  [/list_physical_devices\(\s*['"]GPU['"]|tf\.test\.is_gpu_available/, 'TensorFlow GPU query'],
  [/cupy\.cuda\.runtime\.getDeviceCount|jax\.devices\(\s*['"]gpu['"]/, 'GPU device query'],
];

/** Builds have no GPU: a GPU check in RUN fails the build or proves nothing. */
export const rule: InstructionRule = {
  meta: {
    id: 'gpu-query-in-build',
    category: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    description: 'A RUN queries the GPU (nvidia-smi, torch.cuda.is_available()) although builds have no GPU',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const script = runScript(ins);
    let what = runCommands(ins).some((c) => programOf(c) === 'nvidia-smi') ? 'nvidia-smi' : undefined;
    what ??= GPU_QUERIES.find(([re]) => re.test(script))?.[1];
    if (!what) return [];
    return [
      findingAt(
        file,
        firstLine(ins),
        `${what} runs during the build, where no GPU is attached: it fails the build or reports "no GPU" and proves nothing about the image`,
        'check the GPU when the container starts (entrypoint or HEALTHCHECK), not in RUN',
      ),
    ];
  },
};
