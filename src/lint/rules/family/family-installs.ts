import type { Image } from '../../../model/graph.js';
import { type HeavyPackage, heavyPackage } from '../../knowledge/heavy-packages.js';
import {
  type ImageInstalls,
  type InstallCall,
  type InstalledPackage,
  imageInstalls,
} from '../../knowledge/installs.js';
import type { LintContext } from '../../rule.js';

/** What each image of the family installs (images that could not be read are left out). */
export async function familyInstalls(ctx: LintContext): Promise<ImageInstalls[]> {
  const all = await Promise.all(ctx.graph.images.map((image) => imageInstalls(image, ctx)));
  return all.filter((i): i is ImageInstalls => i !== undefined);
}

export interface HeavyInstall {
  image: Image;
  call: InstallCall;
  pkg: InstalledPackage;
  heavy: HeavyPackage;
}

/** Heavy packages an image installs itself (not through its parents), first install of each. */
export function ownHeavyInstalls(installs: ImageInstalls): HeavyInstall[] {
  const seen = new Map<string, HeavyInstall>();
  for (const call of installs.own) {
    for (const pkg of call.packages) {
      const heavy = heavyPackage(pkg.written) ?? heavyPackage(pkg.name);
      if (!heavy) continue;
      const prev = seen.get(heavy.name);
      if (prev) {
        if (heavy.name === 'cuda-libraries')
          prev.heavy = { ...prev.heavy, bytes: prev.heavy.bytes + heavy.bytes };
        continue;
      }
      seen.set(heavy.name, { image: installs.image, call, pkg, heavy: { ...heavy } });
    }
  }
  return [...seen.values()];
}

/** A stable key for the place an install happens (two images built from one Dockerfile share it). */
export function siteKey(h: HeavyInstall): string {
  return `${h.call.dockerfile}:${h.call.instruction.range.line}`;
}
