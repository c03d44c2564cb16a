import { dockerignoreCandidates, dockerignoreMatcher, isRemoteContext } from '../../../discover/index.js';
import type { Finding, ImageRule, LintContext } from '../../rule.js';
import { findingAt, reachableStages } from '../../stages.js';

type Matcher = ReturnType<typeof dockerignoreMatcher>;
/** One matcher per .dockerignore per lint run (many images share a context). */
const matchers = new WeakMap<LintContext, Map<string, Matcher | null>>();

const REMOTE = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;

/**
 * BuildKit CopyIgnoredFile: COPY or ADD of a context path the .dockerignore leaves out: the build fails
 * or copies nothing. As BuildKit: skipped when the .dockerignore re-includes anything (`!`), and `.` or
 * `/` count only when everything is ignored (`*`, `**`, `**\/*`).
 */
export const rule: ImageRule = {
  meta: {
    id: 'copy-ignored-file',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'CopyIgnoredFile',
    description: 'Do not COPY or ADD files the .dockerignore excludes',
  },
  scope: 'image',
  async check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || isRemoteContext(image.context)) return [];
    let matcher: Matcher | undefined;
    const cache = matchers.get(ctx) ?? new Map<string, Matcher | null>();
    matchers.set(ctx, cache);
    for (const candidate of dockerignoreCandidates(image.context, image.dockerfile)) {
      let hit = cache.get(candidate);
      if (hit === undefined) {
        const text = await ctx.readFile(candidate);
        hit = text === undefined ? null : dockerignoreMatcher(text, candidate);
        cache.set(candidate, hit);
      }
      if (hit) {
        matcher = hit;
        break;
      }
    }
    if (!matcher || matcher.patterns.length === 0 || matcher.patterns.some((p) => p.startsWith('!')))
      return [];
    const all = matcher.patterns.some((p) => p === '*' || p === '**' || p === '**/*');
    const file = resolved.parsed;
    const reachable = reachableStages(file);
    const out: Finding[] = [];
    for (const ins of file.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !reachable.has(ins.stage)) continue;
      if (ins.flags.some((f) => f.name === 'from') || ins.heredocs.length > 0) continue;
      for (const src of ins.words.slice(0, -1)) {
        if (REMOTE.test(src) || src.includes('$')) continue;
        const rel = src.replace(/^\.\//, '').replace(/^\/+/, '');
        const ignored = rel === '' || rel === '.' ? all : matcher.ignores(rel);
        if (ignored) {
          const verb = ins.keyword === 'COPY' ? 'Copy' : 'Add';
          out.push(
            findingAt(
              file,
              ins,
              `Attempting to ${verb} file "${src}" that is excluded by .dockerignore`,
              'remove it from .dockerignore or from the COPY',
            ),
          );
        }
      }
    }
    return out;
  },
};
