import { cudaOfIndexUrl, cudaOfLocalVersion } from '../../knowledge/cuda.js';
import type { InstallCall, InstalledPackage } from '../../knowledge/installs.js';
import { torchRelease } from '../../knowledge/torch-releases.js';

/** The CUDA a torch install brings, and how strata knows. */
export interface TorchCuda {
  call: InstallCall;
  pkg: InstalledPackage;
  /** `11.8`, `12.1`, or `cpu`. */
  cuda: string;
  /** How it was read: `+cu118`, `index .../whl/cu118`, `PyPI's build of torch 2.0.1`. */
  how: string;
  /** True when torch comes from PyPI's default build (CUDA libraries as nvidia-* wheels). */
  pypiDefault: boolean;
}

function indexUrls(call: InstallCall): string[] {
  const urls: string[] = [];
  const primary = call.pip?.indexUrl ?? call.vars.PIP_INDEX_URL;
  if (primary) urls.push(primary);
  urls.push(...(call.pip?.extraIndexUrls ?? []));
  if (call.vars.PIP_EXTRA_INDEX_URL) urls.push(...call.vars.PIP_EXTRA_INDEX_URL.split(/\s+/));
  return urls;
}

/** The CUDA of the torch a call installs; undefined when the call installs no torch or it cannot be told. */
export function torchCudaOf(call: InstallCall): TorchCuda | undefined {
  const pkg = call.packages.find((p) => p.name === 'torch');
  if (!pkg) return undefined;
  if (call.manager === 'conda') {
    if (call.packages.some((p) => p.name === 'cpuonly'))
      return { call, pkg, cuda: 'cpu', how: 'conda cpuonly', pypiDefault: false };
    const cudaPkg = call.packages.find(
      (p) => (p.name === 'pytorch-cuda' || p.name === 'cudatoolkit') && p.version,
    );
    if (cudaPkg?.version) {
      const cuda = cudaPkg.version.split('.').slice(0, 2).join('.');
      return { call, pkg, cuda, how: `conda ${cudaPkg.written}=${cudaPkg.version}`, pypiDefault: false };
    }
    return undefined;
  }
  if (call.manager !== 'pip') return undefined;
  const local = pkg.version ? cudaOfLocalVersion(pkg.version) : undefined;
  if (local) return { call, pkg, cuda: local, how: `torch==${pkg.version}`, pypiDefault: false };
  for (const url of indexUrls(call)) {
    const cuda = cudaOfIndexUrl(url);
    if (cuda) return { call, pkg, cuda, how: `index ${url}`, pypiDefault: false };
  }
  const release = pkg.version ? torchRelease(pkg.version) : undefined;
  if (release) {
    return {
      call,
      pkg,
      cuda: release.pypiCuda,
      how: `PyPI's Linux build of torch ${release.torch}`,
      pypiDefault: true,
    };
  }
  return undefined;
}

/** True when the call installs torch from PyPI's default index (any version): on Linux that build carries CUDA. */
export function torchFromPypi(call: InstallCall): boolean {
  if (call.manager !== 'pip' || !call.packages.some((p) => p.name === 'torch')) return false;
  const cuda = torchCudaOf(call);
  if (cuda) return cuda.pypiDefault;
  return indexUrls(call).every((u) => !/download\.pytorch\.org/.test(u));
}
