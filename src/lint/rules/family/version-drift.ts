import { listText } from '../../knowledge/findings.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { collectPins, type Pin, sameVersion } from './pins.js';

function describe(pin: Pin): string {
  const who =
    pin.images.length > 0 ? ` (${listText(pin.images, 3)})` : pin.kind === 'arg' ? ' (ARG default)' : '';
  return `${pin.version} at ${pin.file}:${pin.line}${who}`;
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
    for (const pin of await collectPins(ctx)) byName.set(pin.name, [...(byName.get(pin.name) ?? []), pin]);
    const out: Finding[] = [];
    for (const [name, pins] of byName) {
      if (pins.length < 2 || pins.every((p) => sameVersion(p.version, pins[0]!.version))) continue;
      const counts = new Map<string, number>();
      for (const p of pins) counts.set(p.version, (counts.get(p.version) ?? 0) + 1);
      const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      for (const pin of pins) {
        const others = pins.filter((p) => !sameVersion(p.version, pin.version));
        if (others.length === 0) continue;
        out.push({
          message: `${name} is pinned to ${pin.version} here, but to ${listText(others.map(describe), 4)}`,
          file: pin.file,
          range: pin.range,
          fix: `pin one version everywhere (${name}==${majority} is the most common), ideally in one shared requirements or versions file`,
        });
      }
    }
    return out;
  },
};
