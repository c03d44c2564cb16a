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
    enabledByDefault: false,
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
    const shared = [...byPackage.values()].filter((list) => new Set(list.map((h) => h.image.id)).size >= 2);
    const out: Finding[] = [];
    for (const installs of family) {
      const image = installs.image;
      const mine = shared
        .map((list) => ({ list, here: list.find((h) => h.image === image) }))
        .filter((x): x is { list: HeavyInstall[]; here: HeavyInstall } => x.here !== undefined);
      const first = mine[0]?.here;
      if (!first) continue;
      const others = (list: HeavyInstall[]) => [
        ...new Set(list.filter((h) => h.image !== image).map((h) => h.image.id)),
      ];
      const parts = mine.map(({ list, here }) => `${here.heavy.label} by ${listText(others(list), 4)}`);
      const bytes = mine.reduce((n, { here }) => n + here.heavy.bytes, 0);
      const group = [...new Set(mine.flatMap(({ list }) => list.map((h) => h.image)))];
      const members = group.map((i) => byImage.get(i.id)).filter((m): m is ImageInstalls => m !== undefined);
      const labels = mine.map(({ here }) => here.heavy.label);
      out.push(
        packageFinding(
          first.call,
          first.pkg,
          `${listText(labels)} (about ${formatBytes(bytes)}) ${labels.length > 1 ? 'are' : 'is'} installed here and again in other images, none inheriting ${labels.length > 1 ? 'them' : 'it'} from a shared parent: ${parts.join('; ')}`,
          `install ${labels.length > 1 ? 'them' : 'it'} once in ${proposeBase(members, ctx)} and build ${listText(group.map((i) => i.id))} FROM it`,
        ),
      );
    }
    return out;
  },
};
