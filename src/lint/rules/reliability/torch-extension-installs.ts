import path from 'node:path';
import type { InstallCall, InstalledPackage } from '../../knowledge/installs.js';
import { type TorchExtension, torchExtension } from '../../knowledge/torch-extensions.js';

/** A torch extension that pip compiles from source in this call. */
export interface ExtensionBuild {
  call: InstallCall;
  pkg: InstalledPackage;
  ext: TorchExtension;
  /** How it is named in messages. */
  label: string;
}

/** `git+https://github.com/facebookresearch/detectron2.git@v0.6#egg=x` -> `facebookresearch/detectron2`. */
export function githubSlug(url: string): string | undefined {
  const m = /github\.com[/:]([^/]+\/[^/@#?]+)/i.exec(url);
  return m?.[1]?.replace(/\.git$/, '').toLowerCase();
}

/** The torch extensions a pip call builds from source (git, archive, local checkout or sdist-only on PyPI). */
export function extensionBuilds(call: InstallCall): ExtensionBuild[] {
  if (call.manager !== 'pip' || !call.pip) return [];
  const out: ExtensionBuild[] = [];
  const prebuiltSource = call.pip.findLinks.length > 0;
  for (const pkg of call.packages) {
    let ext: TorchExtension | undefined;
    let fromSource = false;
    if (pkg.url) {
      ext = torchExtension(githubSlug(pkg.url) ?? pkg.written);
      fromSource = !/\.whl([?#]|$)/.test(pkg.url);
    } else if (pkg.path) {
      const dir = path.posix.resolve(call.cwd, pkg.path);
      const cloned = [...call.clones.entries()].find(([d]) => dir === d || dir.startsWith(`${d}/`));
      const origin = cloned?.[1] ?? dir;
      ext = torchExtension(githubSlug(origin) ?? origin.split('/').pop() ?? origin);
      fromSource = true;
    } else {
      ext = torchExtension(pkg.name);
      fromSource = ext !== undefined && !ext.pypiWheels && !prebuiltSource;
    }
    if (ext && fromSource) out.push({ call, pkg, ext, label: ext.name });
  }
  return out;
}

export function installsTorch(call: InstallCall): boolean {
  return call.packages.some((p) => p.name === 'torch');
}
