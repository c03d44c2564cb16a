import { isFamilyImage } from '../../images.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3007: `:latest` changes under you; two builds of one commit get different bases. A base the
 * repository builds itself (a family image) is built right before its children and is not reported.
 */
export const rule: ImageRule = {
  meta: {
    id: 'from-latest',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3007',
    description: 'FROM should not use the latest tag',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const out: Finding[] = [];
    for (const stage of resolved.stages) {
      if (stage.base.kind !== 'image') continue;
      const { ref } = stage.base;
      if (ref.tag !== 'latest' || ref.digest !== undefined || isFamilyImage(ref, ctx.graph)) continue;
      const from = resolved.parsed.stages[stage.index]?.fromInstruction;
      if (!from) continue;
      out.push(
        findingAt(
          resolved.parsed,
          from,
          `FROM ${ref.raw} uses the latest tag: the base changes between builds`,
          `pin a version tag instead of latest, or add a digest (@sha256:...)`,
        ),
      );
    }
    return out;
  },
};
