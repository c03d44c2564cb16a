import { finding } from '../../knowledge/findings.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { chainStages, finalChain, firstLine } from '../../stages.js';

const BASE_LIKE = /(^|[-_/.:])base([-_/.:]|$)/i;

/** A base image the family builds (and waits for) that no image is built FROM. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-unused-base',
    category: 'family',
    severity: 'warning',
    enabledByDefault: false,
    description: 'A base image is built but no other image uses it',
  },
  scope: 'family',
  check(ctx) {
    const out: Finding[] = [];
    for (const id of ctx.graph.unused) {
      const image = ctx.graph.images.find((i) => i.id === id);
      if (!image) continue;
      const names = [image.id, ...image.tags, image.dockerfile];
      if (image.role !== 'shared-base' && !names.some((n) => BASE_LIKE.test(n))) continue;
      const from =
        image.resolved && chainStages(image.resolved.parsed, finalChain(image.resolved))[0]?.fromInstruction;
      out.push(
        finding(
          image.dockerfile,
          from ? firstLine(from) : undefined,
          `${image.id} is built as a base image, but no image is built FROM it and no service runs it`,
          'build the images that need it FROM its tag, or stop building it',
        ),
      );
    }
    return out;
  },
};
