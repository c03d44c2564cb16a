import { isRootUser, lastInherited } from '../../images.js';
import { inheritedState } from '../../knowledge/image-state.js';
import type { ImageRule } from '../../rule.js';

/** Base tags that already run as a non-root user. */
const NONROOT_BASE = /(?:^|[-:/_])nonroot(?:$|[-:_])/i;

/**
 * A service image whose final stage never sets USER runs as root (the default of nearly every base), and
 * so does one that inherits `USER root` from a base of the family. Base images of the family are exempt:
 * their children choose the user. A compose `user:` that is not root counts.
 */
export const rule: ImageRule = {
  meta: {
    id: 'runs-as-root',
    category: 'security',
    severity: 'warning',
    enabledByDefault: false,
    description: 'The final stage of a service image sets no USER: it runs as root',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || image.role !== 'service') return [];
    if (image.services.length > 0 && image.services.every((s) => s.user && !isRootUser(s.user))) return [];
    const target = resolved.stages[resolved.targetStage];
    const from = resolved.parsed.stages[resolved.targetStage]?.fromInstruction;
    if (!target || !from) return [];
    const user = lastInherited(image, ctx.graph, 'USER');
    // A USER of the image itself is final-user-root's to judge; one inherited from a base is judged here.
    if (user && (user.image === image || !isRootUser(user.ins.args))) return [];
    if (user) {
      return [
        {
          message: `image ${image.id} sets no USER and its base ${user.image.id} ends as USER ${user.ins.args.trim()}: it runs as root`,
          file: resolved.parsed.file,
          range: from.range,
          fix: `end the final stage with USER <unprivileged user>, or fix the USER of ${user.image.id}`,
        },
      ];
    }
    if (!user) {
      // Nothing in the family sets USER: the external base decides (jupyter stacks end as USER 1000).
      const inherited = inheritedState(image, ctx.graph).user;
      if (inherited && !isRootUser(inherited.value)) return [];
    }
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
