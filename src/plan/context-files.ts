import { type Dirent, promises as fs } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { loadDockerignore } from '../discover/dockerignore.js';
import { type ContextReach, contextReach, joinReach, reachOf } from '../dockerfile/index.js';
import type { Image } from '../model/graph.js';
import { joinRel } from '../util/paths.js';
import { FileHashCache } from './file-hash-cache.js';

/** The part of a .dockerignore the walk needs. */
export interface ContextIgnore {
  /** The .dockerignore used, relative to the root. */
  file?: string;
  patterns: string[];
  /** Docker's semantics: true when the path (relative to the context) is left out of the context. */
  ignores(pathRelToContext: string): boolean;
  /** Patterns Docker rejects, with their line (none for a hand-made matcher). */
  invalid?: { line: number; pattern: string }[];
}

export interface ContextFiles {
  /** Root-relative path -> hash of content and executable bit. */
  files: Record<string, string>;
  reach: ContextReach;
  ignore: ContextIgnore;
}

const hashLimit = pLimit(16);

/**
 * The files of an image's build context the build can see: Docker's .dockerignore applied, narrowed to
 * what COPY/ADD of the needed stages can reach when every source is a literal path or glob; the whole
 * non-ignored context otherwise. Folders given as named contexts (compose `additional_contexts`, bake
 * `contexts`) count whole, with their own .dockerignore. `inherited`: what the parents' ONBUILD triggers
 * read from this context (onbuildReach). Paths in the result are relative to `root`.
 */
export async function contextFiles(
  root: string,
  image: Image,
  cache: FileHashCache = FileHashCache.memory(),
  inherited?: ContextReach,
): Promise<ContextFiles> {
  const ignore: ContextIgnore = await loadDockerignore(root, image.context, image.dockerfile);
  const reach = joinReach(contextReach(image.resolved), inherited);
  const files = await hashContext(path.resolve(root, image.context), image.context, ignore, reach, cache);
  for (const dir of localNamedContexts(image)) {
    const named = await loadDockerignore(root, dir);
    Object.assign(
      files,
      await hashContext(path.resolve(root, dir), dir, named, { kind: 'all', why: 'named context' }, cache),
    );
  }
  return { files: sortKeys(files), reach, ignore };
}

/** Named contexts that are folders of the repository (not `target:`, `service:`, images or URLs). */
function localNamedContexts(image: Image): string[] {
  return Object.values(image.contexts)
    .filter((v) => !/^(target|service):/.test(v) && !/^[a-z][\w+.-]*:\/\//i.test(v) && !v.startsWith('git@'))
    .map((v) => joinRel(v))
    .filter((v, i, all) => all.indexOf(v) === i && v !== image.context);
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Walks a context folder and hashes the files `reach` and `ignore` let through. */
export async function hashContext(
  contextAbs: string,
  contextRel: string,
  ignore: ContextIgnore,
  reach: ContextReach,
  cache: FileHashCache,
): Promise<Record<string, string>> {
  const patterns = reach.kind === 'patterns' ? reach.patterns.map((p) => p.split('/')) : undefined;
  if (patterns && patterns.length === 0) return {};
  const canPrune = !ignore.patterns.some((p) => p.trim().startsWith('!'));
  const out: Record<string, string> = {};
  const jobs: Promise<void>[] = [];

  const visit = async (dirAbs: string, segments: string[], inside: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const segs = [...segments, entry.name];
      const rel = segs.join('/');
      const where = inside || !patterns ? 'inside' : reachOf(patterns, segs);
      if (where === 'outside') continue;
      const abs = path.join(dirAbs, entry.name);
      if (entry.isDirectory()) {
        if (canPrune && ignore.ignores(rel)) continue;
        subdirs.push(visit(abs, segs, where === 'inside'));
      } else if (where === 'inside' && (entry.isFile() || entry.isSymbolicLink())) {
        if (ignore.ignores(rel)) continue;
        jobs.push(
          hashLimit(async () => {
            const stat = await fs.lstat(abs);
            out[joinRel(contextRel, rel)] = await cache.hash(abs, stat);
          }),
        );
      }
    }
    await Promise.all(subdirs);
  };

  await visit(contextAbs, [], false);
  await Promise.all(jobs);
  return sortKeys(out);
}
