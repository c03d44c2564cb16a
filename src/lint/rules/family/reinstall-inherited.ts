import { formatBytes } from '../../../util/fs.js';
import { packageFinding, where } from '../../knowledge/findings.js';
import { heavyPackage } from '../../knowledge/heavy-packages.js';
import type { InstallCall, InstalledPackage } from '../../knowledge/installs.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { familyInstalls, ownHeavyInstalls } from './family-installs.js';
import { sameVersion } from './pins.js';

/**
 * Whether installing `pkg` replaces the parent's copy: pip with --upgrade/--force-reinstall, or an exact
 * pin that differs from the parent's. A bare name or a range the parent satisfies is a no-op, and so is
 * `pip install --no-index` (it only checks).
 */
function replaces(call: InstallCall, pkg: InstalledPackage, parent: InstalledPackage): boolean {
  if (call.manager !== 'pip' || !call.pip) return call.manager !== parent.manager;
  if (call.pip.noIndex && call.pip.findLinks.length === 0) return false;
  if (call.pip.reinstall || pkg.url) return true;
  if (parent.manager !== 'pip') return pkg.version !== undefined;
  return (
    pkg.version !== undefined && parent.version !== undefined && !sameVersion(pkg.version, parent.version)
  );
}

/** A child image installs again the heavy package its parent already has: a second copy in a new layer. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-reinstall-inherited',
    category: 'family',
    severity: 'warning',
    enabledByDefault: true,
    description: 'An image reinstalls a heavy package that its parent image already installs',
  },
  scope: 'family',
  async check(ctx) {
    const out: Finding[] = [];
    for (const installs of await familyInstalls(ctx)) {
      for (const h of ownHeavyInstalls(installs)) {
        if (h.heavy.name === 'cuda-libraries') continue;
        const parentCall = installs.inherited.find((c) => c.packages.some((p) => p.name === h.pkg.name));
        if (!parentCall) continue;
        const parentPkg = parentCall.packages.find((p) => p.name === h.pkg.name)!;
        if (!replaces(h.call, h.pkg, parentPkg)) continue;
        const versions =
          parentPkg.version && h.pkg.version && !sameVersion(parentPkg.version, h.pkg.version)
            ? ` (${parentPkg.version} there, ${h.pkg.version} here: pip replaces it)`
            : '';
        out.push(
          packageFinding(
            h.call,
            h.pkg,
            `${h.pkg.written} is already installed by the parent image ${parentCall.imageId} (${where(parentCall, parentPkg)})${versions}: installing it again adds another ${formatBytes(heavyPackage(h.pkg.written)?.bytes ?? h.heavy.bytes)} layer`,
            `drop it here and rely on ${parentCall.imageId}; change the version in the parent if this image needs another`,
          ),
        );
      }
    }
    return out;
  },
};
