import path from 'node:path';
import { contextReach } from '../../../plan/copy-sources.js';
import { joinRel } from '../../../util/paths.js';
import {
  dockerignorePath,
  REQUIRED_IGNORES,
  scanContext,
  warmContexts,
} from '../../knowledge/context-scan.js';
import { finding } from '../../knowledge/findings.js';
import type { ContextRule, Finding } from '../../rule.js';
import { reachedByAny } from './copy-reach.js';

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

/** No .dockerignore: .git, node_modules and .env go to the builder, and every change busts `COPY .`. */
export const rule: ContextRule = {
  meta: {
    id: 'context-dockerignore',
    category: 'context',
    severity: 'warning',
    enabledByDefault: true,
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
      if (seen.has(file)) continue;
      seen.add(file);
      const reachesAll = contextReach(image.resolved).kind === 'all';
      const missing = REQUIRED_IGNORES.filter((r) => {
        const example = scan.unignored.get(r.entry);
        return example !== undefined && reachedByAny(images, example);
      });
      if (!scan.ignore.file) {
        if (!reachesAll && missing.length === 0) continue;
        const present = missing.map((r) => scan.unignored.get(r.entry)!);
        const beside = joinRel(path.posix.dirname(image.dockerfile), '.dockerignore');
        const unread =
          beside !== file && ctx.discovery.dockerignores.includes(beside)
            ? ` (${beside} is not read: Docker reads the .dockerignore at the root of the context, or ${path.posix.basename(image.dockerfile)}.dockerignore next to the Dockerfile)`
            : '';
        out.push(
          finding(
            image.dockerfile,
            undefined,
            `the build context ${image.context} has no .dockerignore${unread}${present.length ? `: ${present.join(', ')} ${present.length > 1 ? 'are' : 'is'} sent to the builder` : ''}; every file in it is sent on each build and any change invalidates COPY . layers`,
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
