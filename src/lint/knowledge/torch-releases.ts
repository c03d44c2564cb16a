/**
 * PyTorch releases and the torchvision / torchaudio releases built against them (from the PyTorch
 * "previous versions" page and torchvision's compatibility table). torchvision and torchaudio pin the
 * exact torch version they were built with: installing a non-matching one makes pip replace torch,
 * often with a build for another CUDA.
 */
export interface TorchRelease {
  torch: string;
  torchvision: string[];
  torchaudio: string[];
  /** CUDA of the Linux wheel on PyPI (what `pip install torch==X` gets without an index URL). */
  pypiCuda: string;
}

export const TORCH_RELEASES: TorchRelease[] = [
  { torch: '1.7.0', torchvision: ['0.8.0', '0.8.1'], torchaudio: ['0.7.0'], pypiCuda: '10.2' },
  { torch: '1.7.1', torchvision: ['0.8.2'], torchaudio: ['0.7.2'], pypiCuda: '10.2' },
  { torch: '1.8.0', torchvision: ['0.9.0'], torchaudio: ['0.8.0'], pypiCuda: '10.2' },
  { torch: '1.8.1', torchvision: ['0.9.1'], torchaudio: ['0.8.1'], pypiCuda: '10.2' },
  { torch: '1.9.0', torchvision: ['0.10.0'], torchaudio: ['0.9.0'], pypiCuda: '10.2' },
  { torch: '1.9.1', torchvision: ['0.10.1'], torchaudio: ['0.9.1'], pypiCuda: '10.2' },
  { torch: '1.10.0', torchvision: ['0.11.0', '0.11.1'], torchaudio: ['0.10.0'], pypiCuda: '10.2' },
  { torch: '1.10.1', torchvision: ['0.11.2'], torchaudio: ['0.10.1'], pypiCuda: '10.2' },
  { torch: '1.10.2', torchvision: ['0.11.3'], torchaudio: ['0.10.2'], pypiCuda: '10.2' },
  { torch: '1.11.0', torchvision: ['0.12.0'], torchaudio: ['0.11.0'], pypiCuda: '10.2' },
  { torch: '1.12.0', torchvision: ['0.13.0'], torchaudio: ['0.12.0'], pypiCuda: '10.2' },
  { torch: '1.12.1', torchvision: ['0.13.1'], torchaudio: ['0.12.1'], pypiCuda: '10.2' },
  { torch: '1.13.0', torchvision: ['0.14.0'], torchaudio: ['0.13.0'], pypiCuda: '11.7' },
  { torch: '1.13.1', torchvision: ['0.14.1'], torchaudio: ['0.13.1'], pypiCuda: '11.7' },
  { torch: '2.0.0', torchvision: ['0.15.0', '0.15.1'], torchaudio: ['2.0.0', '2.0.1'], pypiCuda: '11.7' },
  { torch: '2.0.1', torchvision: ['0.15.2'], torchaudio: ['2.0.2'], pypiCuda: '11.7' },
  { torch: '2.1.0', torchvision: ['0.16.0'], torchaudio: ['2.1.0'], pypiCuda: '12.1' },
  { torch: '2.1.1', torchvision: ['0.16.1'], torchaudio: ['2.1.1'], pypiCuda: '12.1' },
  { torch: '2.1.2', torchvision: ['0.16.2'], torchaudio: ['2.1.2'], pypiCuda: '12.1' },
  { torch: '2.2.0', torchvision: ['0.17.0'], torchaudio: ['2.2.0'], pypiCuda: '12.1' },
  { torch: '2.2.1', torchvision: ['0.17.1'], torchaudio: ['2.2.1'], pypiCuda: '12.1' },
  { torch: '2.2.2', torchvision: ['0.17.2'], torchaudio: ['2.2.2'], pypiCuda: '12.1' },
  { torch: '2.3.0', torchvision: ['0.18.0'], torchaudio: ['2.3.0'], pypiCuda: '12.1' },
  { torch: '2.3.1', torchvision: ['0.18.1'], torchaudio: ['2.3.1'], pypiCuda: '12.1' },
  { torch: '2.4.0', torchvision: ['0.19.0'], torchaudio: ['2.4.0'], pypiCuda: '12.1' },
  { torch: '2.4.1', torchvision: ['0.19.1'], torchaudio: ['2.4.1'], pypiCuda: '12.1' },
  { torch: '2.5.0', torchvision: ['0.20.0'], torchaudio: ['2.5.0'], pypiCuda: '12.4' },
  { torch: '2.5.1', torchvision: ['0.20.1'], torchaudio: ['2.5.1'], pypiCuda: '12.4' },
  { torch: '2.6.0', torchvision: ['0.21.0'], torchaudio: ['2.6.0'], pypiCuda: '12.4' },
  { torch: '2.7.0', torchvision: ['0.22.0'], torchaudio: ['2.7.0'], pypiCuda: '12.6' },
  { torch: '2.7.1', torchvision: ['0.22.1'], torchaudio: ['2.7.1'], pypiCuda: '12.6' },
  { torch: '2.8.0', torchvision: ['0.23.0'], torchaudio: ['2.8.0'], pypiCuda: '12.8' },
  { torch: '2.9.0', torchvision: ['0.24.0'], torchaudio: ['2.9.0'], pypiCuda: '12.8' },
];

/** `2.0.1+cu118` -> `2.0.1`; drops the local label and normalises `2.1` to `2.1.0`. */
export function publicVersion(version: string): string {
  const pub = version.split('+')[0]!.trim();
  return /^\d+\.\d+$/.test(pub) ? `${pub}.0` : pub;
}

export function torchRelease(torchVersion: string): TorchRelease | undefined {
  const v = publicVersion(torchVersion);
  return TORCH_RELEASES.find((r) => r.torch === v);
}

/** The torch release a torchvision or torchaudio version was built for. */
export function torchFor(pkg: 'torchvision' | 'torchaudio', version: string): TorchRelease | undefined {
  const v = publicVersion(version);
  return TORCH_RELEASES.find((r) => r[pkg].includes(v));
}

/**
 * Whether `pkg==version` belongs with `torch==torchVersion`. Undefined when either version is outside
 * the table (strata then says nothing).
 */
export function belongsWithTorch(
  pkg: 'torchvision' | 'torchaudio',
  version: string,
  torchVersion: string,
): boolean | undefined {
  const torch = torchRelease(torchVersion);
  const owner = torchFor(pkg, version);
  if (!torch || !owner) return undefined;
  return torch.torch === owner.torch;
}
