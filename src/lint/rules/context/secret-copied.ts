import { joinRel } from '../../../util/paths.js';
import { dockerignorePath, scanContext, warmContexts } from '../../knowledge/context-scan.js';
import { finding } from '../../knowledge/findings.js';
import type { ContextRule, Finding } from '../../rule.js';
import { firstLine } from '../../stages.js';
import { copyReaching } from './copy-reach.js';

/** `.env`, private keys, credentials that a COPY puts into the image (and every layer cache and registry). */
export const rule: ContextRule = {
  meta: {
    id: 'context-secret-copied',
    category: 'context',
    severity: 'error',
    enabledByDefault: false,
    description: 'A .env file, private key or credentials file is copied into the image',
  },
  scope: 'context',
  async check(context, images, ctx) {
    warmContexts(ctx);
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const image of images) {
      const scan = await scanContext(image, ctx);
      for (const secret of scan.secrets) {
        const copy = copyReaching(image, secret.rel);
        if (!copy || !image.resolved) continue;
        const key = `${image.dockerfile}:${copy.range.line}:${secret.rel}`;
        if (reported.has(key)) continue;
        reported.add(key);
        out.push(
          finding(
            image.resolved.parsed.file,
            firstLine(copy),
            `${joinRel(context, secret.rel)} is not in .dockerignore and this ${copy.keyword} copies it into the image: anyone who pulls the image can read it`,
            `add ${secret.rel.split('/').pop()} to ${dockerignorePath(image, scan)} and pass secrets at run time (env_file, secrets) or with RUN --mount=type=secret`,
          ),
        );
      }
    }
    return out;
  },
};
