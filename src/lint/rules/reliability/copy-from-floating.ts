import { parseImageRef } from '../../../dockerfile/index.js';
import { isFamilyImage } from '../../images.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/**
 * `COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/`: files copied from an image that is not a stage
 * and not built by the family, by a moving tag. Each build may copy something else, and the layer cache
 * never notices. A version tag or a digest fixes what is copied.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-from-floating',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: true,
    description: 'COPY --from names an external image by :latest or by no tag',
  },
  scope: 'instruction',
  keywords: ['COPY'],
  check(ins, _stage, file, ctx) {
    const from = flagValue(ins, 'from');
    if (typeof from !== 'string' || from.includes('$') || /^\d+$/.test(from)) return [];
    if (file.stages.some((s) => s.name !== undefined && s.name.toLowerCase() === from.toLowerCase()))
      return [];
    if (!from.includes('/') && !from.includes(':')) return [];
    const ref = parseImageRef(from);
    if (!ref || ref.digest || (ref.tag && ref.tag !== 'latest')) return [];
    if (isFamilyImage(ref, ctx.graph)) return [];
    return [
      findingAt(
        file,
        ins,
        `COPY --from=${from} copies from whatever ${ref.tag ? ':latest' : 'the untagged image'} is when the build runs`,
        `name a version tag or a digest: COPY --from=${ref.familiar.replace(/:latest$/, '')}:<version>@sha256:...`,
      ),
    ];
  },
};
