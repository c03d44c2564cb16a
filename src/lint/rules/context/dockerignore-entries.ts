import path from 'node:path';
import type { Image } from '../../../model/graph.js';
import { joinRel } from '../../../util/paths.js';
import {
  dockerignorePath,
  REQUIRED_IGNORES,
  scanContext,
  warmContexts,
} from '../../knowledge/context-scan.js';
import { finding } from '../../knowledge/findings.js';
import type { ContextRule, Finding, LintContext } from '../../rule.js';
import { reachedByAny, reachesWholeContext } from './copy-reach.js';

const SUGGESTED = [
  '.git',
  'node_modules',
  '**/__pycache__',
  '.venv',
  'venv',
  '.env',
  '*.log',
  'dist',
  'build',
];

/** A .dockerignore beside the Dockerfile that this build does not read, and that no build with that folder as context reads either. */
function unreadBeside(image: Image, read: string, ctx: LintContext): string | undefined {
  const folder = path.posix.dirname(image.dockerfile);
  const beside = joinRel(folder, '.dockerignore');
  if (beside === read || !ctx.discovery.dockerignores.includes(beside)) return undefined;
  return ctx.graph.images.some((i) => i.context === folder) ? undefined : beside;
}

/** No .dockerignore: .git, node_modules and .env go to the builder, and every change busts `COPY .`. */
export const rule: ContextRule = {
  meta: {
    id: 'context-dockerignore',
    category: 'context',
    severity: 'warning',
    enabledByDefault: false,
    description: 'A build context has no .dockerignore, or it misses entries every context needs',
  },
  scope: 'context',
  async check(_context, images, ctx) {
    warmContexts(ctx);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const image of images) {
      const scan = await scanContext(image, ctx);
      const file = dockerignorePath(image, scan);
      const reachesAll = reachesWholeContext(image);
      const missing = REQUIRED_IGNORES.filter((r) => {
        const example = scan.unignored.get(r.entry);
        return example !== undefined && reachedByAny(images, example);
      });
      const unread = unreadBeside(image, file, ctx);
      if (unread && !seen.has(unread)) {
        seen.add(unread);
        out.push(
          finding(
            unread,
            undefined,
            `${unread} is read by no build: ${image.id} is built with the context ${image.context}, so Docker reads ${file}${scan.ignore.file ? '' : ' (which does not exist)'} or ${path.posix.basename(image.dockerfile)}.dockerignore next to the Dockerfile`,
            `move it to ${file}, or rename it ${image.dockerfile}.dockerignore`,
          ),
        );
      }
      if (seen.has(file)) continue;
      seen.add(file);
      if (!scan.ignore.file) {
        if (!reachesAll && missing.length === 0) continue;
        const present = missing.map((r) => scan.unignored.get(r.entry)!);
        out.push(
          finding(
            image.dockerfile,
            undefined,
            `the build context ${image.context} has no .dockerignore${present.length ? `: ${present.join(', ')} ${present.length > 1 ? 'are' : 'is'} sent to the builder` : ''}; every file in it is sent on each build and any change invalidates COPY . layers`,
            `create ${file} with at least: ${SUGGESTED.join(', ')}`,
          ),
        );
        continue;
      }
      if (missing.length === 0) continue;
      out.push(
        finding(
          file,
          undefined,
          `${file} does not exclude ${missing.map((r) => `${r.entry} (${scan.unignored.get(r.entry)})`).join(', ')}`,
          `add ${missing.map((r) => r.entry).join(', ')} to ${file}`,
        ),
      );
    }
    return out;
  },
};
