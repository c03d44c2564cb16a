import { baseCudaOf } from '../../knowledge/base-image.js';
import { packageFinding, where } from '../../knowledge/findings.js';
import { type InstallCall, type InstalledPackage, imageInstalls } from '../../knowledge/installs.js';
import { belongsWithTorch, torchFor, torchRelease } from '../../knowledge/torch-releases.js';
import type { Finding, ImageRule } from '../../rule.js';

/** torchvision and torchaudio are built for one torch release: a mismatched pair makes pip swap torch. */
export const rule: ImageRule = {
  meta: {
    id: 'torch-companion-versions',
    category: 'ml',
    severity: 'error',
    enabledByDefault: true,
    description: 'torch, torchvision and torchaudio versions do not belong to the same release',
  },
  scope: 'image',
  async check(image, ctx) {
    const installs = await imageInstalls(image, ctx);
    if (!installs) return [];
    const out: Finding[] = [];
    let torch: { version: string; at: string } | undefined;
    const base = baseCudaOf(image, ctx.graph);
    if (base?.cuda.torch) torch = { version: base.cuda.torch, at: base.ref.familiar };
    const own = new Set(installs.own);
    const companions: { call: InstallCall; pkg: InstalledPackage; name: 'torchvision' | 'torchaudio' }[] = [];
    for (const call of [...installs.inherited, ...installs.own.filter((c) => c.inFinalImage)]) {
      for (const pkg of call.packages) {
        if (!pkg.version) continue;
        if (pkg.name === 'torch') torch = { version: pkg.version, at: where(call, pkg) };
        else if ((pkg.name === 'torchvision' || pkg.name === 'torchaudio') && own.has(call)) {
          companions.push({ call, pkg, name: pkg.name });
        }
      }
    }
    if (!torch || !torchRelease(torch.version)) return [];
    for (const { call, pkg, name } of companions) {
      if (belongsWithTorch(name, pkg.version!, torch.version) !== false) continue;
      const owner = torchFor(name, pkg.version!);
      const right = torchRelease(torch.version)?.[name].at(-1);
      out.push(
        packageFinding(
          call,
          pkg,
          `${name} ${pkg.version} is built for torch ${owner?.torch}, but torch is ${torch.version} (${torch.at}): pip replaces torch with ${owner?.torch} from PyPI, and its CUDA build with it`,
          right
            ? `pin ${name}==${right}, the release for torch ${torch.version}`
            : `pin the ${name} release made for torch ${torch.version}`,
        ),
      );
    }
    return out;
  },
};
