import { imageInstructions, isRootUser } from '../../images.js';
import type { ImageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3002: the last USER of the image is root. Only the stages that make up the image decide: a builder
 * stage that switches to root is fine, and so is a final stage that switches back. A compose `user:`
 * that overrides it also counts.
 */
export const rule: ImageRule = {
  meta: {
    id: 'final-user-root',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3002',
    description: 'The last USER of the final stage should not be root',
  },
  scope: 'image',
  check(image) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const last = imageInstructions(image)
      .filter((i) => i.keyword === 'USER')
      .pop();
    if (!last || !isRootUser(last.args)) return [];
    if (image.services.length > 0 && image.services.every((s) => s.user && !isRootUser(s.user))) return [];
    return [
      findingAt(
        resolved.parsed,
        last,
        `the image ends as USER ${last.args.trim()}: its processes run as root`,
        'switch to an unprivileged user at the end: USER app (create it with useradd/adduser)',
      ),
    ];
  },
};
