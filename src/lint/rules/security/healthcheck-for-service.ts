import { lastInherited } from '../../images.js';
import type { ImageRule } from '../../rule.js';

/**
 * An image compose runs as a service, with no HEALTHCHECK in the image (or a family parent) and no
 * `healthcheck:` in compose: `depends_on: condition: service_healthy` and restarts cannot see it hang.
 */
export const rule: ImageRule = {
  meta: {
    id: 'healthcheck-for-service',
    category: 'security',
    severity: 'warning',
    enabledByDefault: false,
    description: 'An image compose runs as a service should have a HEALTHCHECK',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || image.services.length === 0) return [];
    if (image.services.some((s) => s.hasHealthcheck)) return [];
    const inherited = lastInherited(image, ctx.graph, 'HEALTHCHECK');
    if (inherited && !/^NONE\b/i.test(inherited.ins.args.trim())) return [];
    const from = resolved.parsed.stages[resolved.targetStage]?.fromInstruction;
    if (!from) return [];
    const names = image.services.map((s) => s.name);
    const who =
      names.length === 1 && names[0] === image.id
        ? `compose service ${image.id}`
        : `compose service${names.length > 1 ? 's' : ''} ${names.join(', ')} (image ${image.id})`;
    return [
      {
        message: `${who} has no health check`,
        file: resolved.parsed.file,
        range: from.range,
        fix: 'add HEALTHCHECK CMD <probe> to the final stage, or a healthcheck: to the compose service',
      },
    ];
  },
};
