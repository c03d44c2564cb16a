import { lastInherited } from '../../images.js';
import type { ImageRule } from '../../rule.js';

/** DL3057 (off by default): an image with no HEALTHCHECK, neither its own nor from a family parent. */
export const rule: ImageRule = {
  meta: {
    id: 'healthcheck-missing',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3057',
    description: 'The image has no HEALTHCHECK',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || image.role !== 'service' || resolved.parsed.stages.length === 0) return [];
    if (lastInherited(image, ctx.graph, 'HEALTHCHECK')) return [];
    if (image.services.some((s) => s.hasHealthcheck)) return [];
    const target = resolved.parsed.stages[resolved.targetStage];
    if (!target) return [];
    return [
      {
        message: `image ${image.id} has no HEALTHCHECK`,
        file: resolved.parsed.file,
        range: target.fromInstruction.range,
        fix: 'add HEALTHCHECK CMD <probe> to the final stage (or a healthcheck in compose)',
      },
    ];
  },
};
