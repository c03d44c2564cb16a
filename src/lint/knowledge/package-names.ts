/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalizePackageName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

/** Names that mean the same package across managers (conda and apt spell torch differently). */
const ALIASES: Record<string, string> = {
  pytorch: 'torch',
  'python3-torch': 'torch',
  'python3-torchvision': 'torchvision',
  'python3-torchaudio': 'torchaudio',
  'python3-opencv': 'opencv',
  'opencv-python': 'opencv',
  'opencv-python-headless': 'opencv',
  'opencv-contrib-python': 'opencv',
  'opencv-contrib-python-headless': 'opencv',
  'libopencv-dev': 'opencv',
  'py-opencv': 'opencv',
  'tensorflow-gpu': 'tensorflow',
  'tensorflow-cpu': 'tensorflow',
  'python3-tensorflow': 'tensorflow',
  'python3-transformers': 'transformers',
};

/** The package a name stands for when comparing images: `pytorch` (conda) and `python3-torch` (apt) are torch. */
export function canonicalPackage(name: string): string {
  const n = normalizePackageName(name);
  return ALIASES[n] ?? n;
}

/**
 * Package a version variable names: `TORCH_VERSION` -> torch, `PYTORCH_VER` -> torch,
 * `TRANSFORMERS_VERSION` -> transformers. Undefined when the name is not a version variable.
 */
export function packageOfVersionVariable(variable: string): string | undefined {
  const m = /^(.+?)[-_]?(?:version|ver)$/i.exec(variable.trim());
  if (!m?.[1]) return undefined;
  return canonicalPackage(m[1]);
}
