import type { Image } from '../../../model/graph.js';
import { formatBytes } from '../../../util/fs.js';
import { externalBaseOf } from '../../knowledge/base-image.js';
import { listText, packageFinding } from '../../knowledge/findings.js';
import type { ImageInstalls } from '../../knowledge/installs.js';
import type { FamilyRule, Finding, LintContext } from '../../rule.js';
import { familyInstalls, type HeavyInstall, ownHeavyInstalls, siteKey } from './family-installs.js';

/** The shared base to propose: the nearest family image all of them are built FROM, or a new one. */
export function proposeBase(members: ImageInstalls[], ctx: LintContext): string {
  const [first, ...rest] = members;
  if (!first) return 'a shared base image';
  const common = first.parents.find((p) => rest.every((m) => m.parents.includes(p)));
  if (common) return `their common parent ${common.id}`;
  const bases = new Set(members.map((m) => externalBaseOf(m.image, ctx.graph)?.familiar ?? '?'));
  const [only] = bases;
  if (bases.size === 1 && only !== '?') return `a new shared base FROM ${only}`;
  return 'a new shared base image';
}

/** PyTorch installed in six images: each copy is gigabytes to build, push and pull. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-duplicate-heavy-install',
    category: 'family',
    severity: 'warning',
    enabledByDefault: true,
    description: 'The same heavy package is installed in several images instead of once in a shared parent',
  },
  scope: 'family',
  async check(ctx) {
    const family = await familyInstalls(ctx);
    const byImage = new Map(family.map((f) => [f.image.id, f]));
    const byPackage = new Map<string, HeavyInstall[]>();
    for (const installs of family) {
      const inherited = new Set(installs.inherited.flatMap((c) => c.packages.map((p) => p.name)));
      for (const h of ownHeavyInstalls(installs)) {
        if (inherited.has(h.pkg.name)) continue;
        const list = byPackage.get(h.heavy.name) ?? [];
        if (!list.some((x) => siteKey(x) === siteKey(h))) list.push(h);
        byPackage.set(h.heavy.name, list);
      }
    }
    const groups = new Map<string, HeavyInstall[][]>();
    for (const list of byPackage.values()) {
      const images = new Set(list.map((h) => h.image.id));
      if (images.size < 2) continue;
      const key = [...images].sort().join('\0');
      groups.set(key, [...(groups.get(key) ?? []), list]);
    }
    const out: Finding[] = [];
    for (const lists of groups.values()) {
      const images = [...new Set(lists[0]!.map((h) => h.image))] as Image[];
      const labels = lists.map((l) => l[0]!.heavy.label);
      const bytes = lists.reduce((n, l) => n + Math.max(...l.map((h) => h.heavy.bytes)), 0);
      const members = images.map((i) => byImage.get(i.id)).filter((m): m is ImageInstalls => m !== undefined);
      const base = proposeBase(members, ctx);
      for (const image of images) {
        const first = lists.map((l) => l.find((h) => h.image === image)).find((h) => h !== undefined);
        if (!first) continue;
        const others = images.filter((i) => i !== image).map((i) => i.id);
        out.push(
          packageFinding(
            first.call,
            first.pkg,
            `${listText(labels)} (about ${formatBytes(bytes)}) ${labels.length > 1 ? 'are' : 'is'} installed separately in ${images.length} images, none inheriting it from a shared parent: here (${image.id}) and in ${listText(others)}`,
            `install ${labels.length > 1 ? 'them' : 'it'} once in ${base} and build ${listText(images.map((i) => i.id))} FROM it`,
          ),
        );
      }
    }
    return out;
  },
};
