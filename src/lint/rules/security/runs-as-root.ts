import { lastInherited } from '../../images.js';
import type { ImageRule } from '../../rule.js';

/** Base tags that already run as a non-root user. */
const NONROOT_BASE = /(?:^|[-:/_])nonroot(?:$|[-:_])/i;

/**
 * A service image whose final stage never sets USER runs as root (the default of nearly every base).
 * Base images of the family are exempt: their children choose the user. A compose `user:` counts.
 */
export const rule: ImageRule = {
  meta: {
    id: 'runs-as-root',
    category: 'security',
    severity: 'warning',
    enabledByDefault: true,
    description: 'The final stage of a service image sets no USER: it runs as root',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || image.role !== 'service') return [];
    if (lastInherited(image, ctx.graph, 'USER')) return [];
    if (image.services.length > 0 && image.services.every((s) => s.user)) return [];
    const target = resolved.stages[resolved.targetStage];
    const from = resolved.parsed.stages[resolved.targetStage]?.fromInstruction;
    if (!target || !from) return [];
    if (target.base.kind === 'scratch') return [];
    if (NONROOT_BASE.test(target.fromResolved)) return [];
    return [
      {
        message: `image ${image.id} sets no USER: it runs as root`,
        file: resolved.parsed.file,
        range: from.range,
        fix: 'create an unprivileged user and end the final stage with USER <name>',
      },
    ];
  },
};
