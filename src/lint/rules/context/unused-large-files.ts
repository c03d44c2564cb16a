import { formatBytes } from '../../../util/fs.js';
import { joinRel } from '../../../util/paths.js';
import {
  type ContextFile,
  dockerignorePath,
  scanContext,
  warmContexts,
} from '../../knowledge/context-scan.js';
import { finding, listText } from '../../knowledge/findings.js';
import type { ContextRule, Finding } from '../../rule.js';
import { reachedByAny } from './copy-reach.js';

const DEFAULT_MIN_BYTES = 1_000_000;

/** Model weights and datasets in the context that no COPY uses: sent to the builder for nothing. */
export const rule: ContextRule = {
  meta: {
    id: 'context-unused-large-files',
    category: 'context',
    severity: 'warning',
    enabledByDefault: true,
    description: 'Model weights or datasets in the build context are used by no COPY or ADD',
  },
  scope: 'context',
  async check(context, images, ctx) {
    warmContexts(ctx);
    const [first] = images;
    if (!first) return [];
    const opt = ctx.options('context-unused-large-files').minBytes;
    const minBytes = typeof opt === 'number' ? opt : DEFAULT_MIN_BYTES;
    const scan = await scanContext(first, ctx);
    const unused: ContextFile[] = scan.largeData.filter(
      (f) => f.size >= minBytes && !reachedByAny(images, f.rel),
    );
    if (unused.length === 0) return [];
    const total = unused.reduce((n, f) => n + f.size, 0);
    const file = scan.ignore.file ?? first.dockerfile;
    const out: Finding[] = [
      finding(
        file,
        undefined,
        `${unused.length} large file${unused.length > 1 ? 's' : ''} in the context ${context} ${unused.length > 1 ? 'are' : 'is'} used by no COPY or ADD (${formatBytes(total)} sent to the builder on every build): ${listText(
          unused.map((f) => `${joinRel(context, f.rel)} (${formatBytes(f.size)})`),
          5,
        )}`,
        `add them to ${dockerignorePath(first, scan)} (e.g. ${[...new Set(unused.map((f) => `*.${f.rel.split('.').pop()}`))].join(', ')})`,
      ),
    ];
    return out;
  },
};
