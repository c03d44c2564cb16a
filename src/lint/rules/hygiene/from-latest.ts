import { pulledBases } from '../../images.js';
import type { ImageRule } from '../../rule.js';
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
    enabledByDefault: false,
    hadolint: 'DL3007',
    description: 'FROM should not use the latest tag',
  },
  scope: 'image',
  check(image, ctx) {
    const parsed = image.resolved?.parsed;
    if (!parsed) return [];
    return pulledBases(image, ctx.graph)
      .filter(({ ref }) => ref.tag === 'latest' && ref.digest === undefined)
      .map(({ ref, from }) =>
        findingAt(
          parsed,
          from,
          `FROM ${ref.raw} uses the latest tag: the base changes between builds`,
          `pin a version tag instead of latest, or add a digest (@sha256:...)`,
        ),
      );
  },
};
