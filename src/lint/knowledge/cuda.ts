/** What a base image tag says about CUDA. */
export interface BaseCuda {
  /** `12.1`, `11.8`; absent when the image is CUDA-enabled but its version is unknown. */
  cuda?: string;
  /** runtime, devel, base (nvidia/cuda flavours); devel images carry nvcc and headers. */
  flavor?: 'runtime' | 'devel' | 'base';
  /** torch version preinstalled (pytorch/pytorch, nvcr.io/nvidia/pytorch). */
  torch?: string;
  /** True when the image ships PyTorch. */
  hasTorch: boolean;
}

/** NGC container release (YY.MM) -> CUDA of nvcr.io/nvidia/{pytorch,tensorflow,cuda} images. */
const NGC_CUDA: [string, string][] = [
  ['21.01', '11.2'],
  ['21.06', '11.3'],
  ['21.07', '11.4'],
  ['21.11', '11.5'],
  ['22.01', '11.6'],
  ['22.05', '11.7'],
  ['22.09', '11.8'],
  ['23.01', '12.0'],
  ['23.03', '12.1'],
  ['23.08', '12.2'],
  ['23.11', '12.3'],
  ['24.03', '12.4'],
  ['24.06', '12.5'],
  ['24.08', '12.6'],
  ['25.01', '12.8'],
  ['25.08', '13.0'],
];

/** TensorFlow release -> CUDA of its `-gpu` images. */
const TF_CUDA: [string, string][] = [
  ['2.4', '11.0'],
  ['2.5', '11.2'],
  ['2.12', '11.8'],
  ['2.15', '12.2'],
  ['2.16', '12.3'],
  ['2.18', '12.5'],
];

function lookup(table: [string, string][], version: string): string | undefined {
  let found: string | undefined;
  for (const [from, cuda] of table) if (compareDotted(version, from) >= 0) found = cuda;
  return found;
}

/** Numeric comparison of dotted versions (`12.10` > `12.9`). */
export function compareDotted(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `12.1.1` -> `12.1`. */
export function cudaMinor(version: string): string {
  const [major, minor] = version.split('.');
  return `${major}.${minor ?? '0'}`;
}

export function cudaMajor(version: string): string {
  return version.split('.')[0]!;
}

/**
 * Reads CUDA facts from an image reference (repository path and tag). Undefined for images that are
 * not known to carry CUDA.
 */
export function cudaOfBaseImage(repository: string, tag: string | undefined): BaseCuda | undefined {
  const repo = repository.toLowerCase().replace(/^library\//, '');
  const t = (tag ?? 'latest').toLowerCase();
  const name = repo.split('/').pop() ?? repo;
  if (repo === 'nvidia/cuda' || /(^|\/)nvidia\/cuda$/.test(repo)) {
    const m = /^(\d+\.\d+)(?:\.\d+)?/.exec(t);
    return { cuda: m?.[1], flavor: flavorOf(t), hasTorch: false };
  }
  if (repo === 'pytorch/pytorch') {
    const m = /^(\d+\.\d+(?:\.\d+)?)-cuda(\d+\.\d+)/.exec(t);
    if (m) return { torch: m[1], cuda: m[2], flavor: flavorOf(t), hasTorch: true };
    return { hasTorch: true, flavor: flavorOf(t) };
  }
  if (/(^|\/)nvidia\/(pytorch|tensorflow|tritonserver|nemo)$/.test(repo)) {
    const m = /^(\d\d\.\d\d)/.exec(t);
    return { cuda: m ? lookup(NGC_CUDA, m[1]!) : undefined, flavor: 'devel', hasTorch: name === 'pytorch' };
  }
  if (repo === 'tensorflow/tensorflow' && t.includes('gpu')) {
    const m = /^(\d+\.\d+)/.exec(t);
    return { cuda: m ? lookup(TF_CUDA, m[1]!) : undefined, hasTorch: false };
  }
  const cudaInTag = /cuda[-_]?(\d+)\.(\d+)/.exec(t) ?? /cu(\d\d)(\d)\b/.exec(t);
  if (cudaInTag)
    return { cuda: `${cudaInTag[1]}.${cudaInTag[2]}`, flavor: flavorOf(t), hasTorch: /torch/.test(repo + t) };
  if (/(^|[-_.:])(cuda|gpu)([-_.]|$)/.test(t) || /(^|[-_/])(cuda|gpu)([-_]|$)/.test(repo)) {
    return { flavor: flavorOf(t), hasTorch: /torch/.test(repo + t) };
  }
  return undefined;
}

function flavorOf(tag: string): BaseCuda['flavor'] {
  if (/(^|[-_])devel([-_]|$)/.test(tag)) return 'devel';
  if (/(^|[-_])runtime([-_]|$)/.test(tag)) return 'runtime';
  if (/(^|[-_])base([-_]|$)/.test(tag)) return 'base';
  return undefined;
}

/** `cu118` -> `11.8`, `cu121` -> `12.1`, `cu92` -> `9.2`; `cpu` -> `cpu`. */
export function cudaOfTag(tag: string): string | undefined {
  const t = tag.toLowerCase();
  if (t === 'cpu') return 'cpu';
  const m = /^cu(\d+)(\d)$/.exec(t);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** CUDA of a local version label: `2.0.1+cu118` -> `11.8`, `2.1.0+cpu` -> `cpu`. */
export function cudaOfLocalVersion(version: string): string | undefined {
  const i = version.indexOf('+');
  return i < 0 ? undefined : cudaOfTag(version.slice(i + 1));
}

/** `https://download.pytorch.org/whl/cu118` (also `/whl/nightly/cu121`, `/whl/cpu`) -> `11.8` / `cpu`. */
export function cudaOfIndexUrl(url: string): string | undefined {
  const m = /download\.pytorch\.org\/whl\/(?:nightly\/|test\/)?(cu\d+|cpu)\/?/i.exec(url);
  return m ? cudaOfTag(m[1]!) : undefined;
}
