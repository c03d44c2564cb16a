import { listText } from '../../knowledge/findings.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { collectPins, type Pin, sameVersion } from './pins.js';

function describe(pin: Pin): string {
  const who =
    pin.images.length > 0 ? ` (${listText(pin.images, 3)})` : pin.kind === 'arg' ? ' (ARG default)' : '';
  return `${pin.version} at ${pin.file}:${pin.line}${who}`;
}

/** Pins grouped by the version they state, as written (a handful of groups even for thousands of pins). */
function groupByVersion(pins: Pin[]): Pin[][] {
  const byVersion = new Map<string, Pin[]>();
  for (const pin of pins) {
    const group = byVersion.get(pin.version);
    if (group) group.push(pin);
    else byVersion.set(pin.version, [pin]);
  }
  const groups = [...byVersion.values()];
  const first = groups[0]?.[0];
  if (!first || groups.every((g) => sameVersion(g[0]!.version, first.version))) return [];
  return groups;
}

/** One package, several versions across the family: images that should agree drift apart. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-version-drift',
    category: 'family',
    severity: 'warning',
    enabledByDefault: true,
    description: 'The same package is pinned to different versions in different images or requirement files',
  },
  scope: 'family',
  async check(ctx) {
    const byName = new Map<string, Pin[]>();
    for (const pin of await collectPins(ctx)) {
      const pins = byName.get(pin.name);
      if (pins) pins.push(pin);
      else byName.set(pin.name, [pin]);
    }
    const out: Finding[] = [];
    for (const [name, pins] of byName) {
      const groups = groupByVersion(pins);
      if (groups.length < 2) continue;
      const majority = [...groups].sort((a, b) => b.length - a.length)[0]![0]!.version;
      for (const group of groups) {
        const others = groups
          .filter((g) => g !== group && !sameVersion(g[0]!.version, group[0]!.version))
          .flat();
        if (others.length === 0) continue;
        const elsewhere = listText(others.map(describe), 4);
        for (const pin of group) {
          out.push({
            message: `${name} is pinned to ${pin.version} here, but to ${elsewhere}`,
            file: pin.file,
            range: pin.range,
            fix: `pin one version everywhere (${name}==${majority} is the most common), ideally in one shared requirements or versions file`,
          });
        }
      }
    }
    return out;
  },
};
