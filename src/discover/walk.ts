import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { classifyFile, type FileKind } from './names.js';
import { isWorkflowPath } from './workflows/index.js';

export * from './names.js';

/** Folders never walked, whatever .gitignore says. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** Folders read at the same time: enough to hide disk latency, few enough not to run out of handles. */
const CONCURRENCY = 32;

export interface WalkOptions {
  /** gitignore-style patterns relative to the root (strata.yaml `exclude`, `--exclude`). */
  exclude?: string[];
}

export interface WalkResult {
  /** Relative POSIX paths by kind, sorted. */
  files: Record<FileKind, string[]>;
  /** Every folder walked (relative, `.` for the root): lets parsers ask "does this context exist?". */
  dirs: Set<string>;
  diagnostics: Diagnostic[];
}

interface IgnoreLayer {
  /** Folder of the .gitignore, relative to the root, '' for the root. */
  base: string;
  rules: Ignore;
}

/**
 * Walks `root` and classifies the files that matter to strata. Skips `.git`, `node_modules`, what any
 * `.gitignore` excludes (git semantics: the deepest file with a matching rule decides) and `exclude`.
 * Follows symbolic links to files, and to folders inside the root once per real path; an unreadable
 * folder or a link loop is one diagnostic, and the walk goes on.
 */
export async function walk(root: string, opts: WalkOptions = {}): Promise<WalkResult> {
  const files: Record<FileKind, string[]> = {
    dockerfile: [],
    dockerignore: [],
    compose: [],
    bake: [],
    script: [],
    config: [],
    dependency: [],
    workflow: [],
  };
  const dirs = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const realRoot = await fs.realpath(root);
  const visited = new Set<string>([realRoot]);
  const baseLayers: IgnoreLayer[] = [];
  if (opts.exclude && opts.exclude.length > 0) {
    baseLayers.push({ base: '', rules: ignore({ ignorecase: false }).add(opts.exclude) });
  }

  type Job = { rel: string; abs: string; real: string; layers: IgnoreLayer[] };
  const queue: Job[] = [{ rel: '', abs: root, real: realRoot, layers: baseLayers }];
  // Linked folders wait until every real folder is walked, so a file is listed under its real path.
  const links: (Job & { parentReal: string })[] = [];

  const visit = async (job: Job): Promise<void> => {
    dirs.add(job.rel === '' ? '.' : job.rel);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(job.abs, { withFileTypes: true });
    } catch (e) {
      diagnostics.push(unreadableDir(job.rel, e));
      return;
    }
    let layers = job.layers;
    if (entries.some((d) => d.name === '.gitignore' && !d.isDirectory())) {
      const text = await fs.readFile(path.join(job.abs, '.gitignore'), 'utf8').catch(() => '');
      if (text.trim() !== '')
        layers = [...layers, { base: job.rel, rules: ignore({ ignorecase: false }).add(text) }];
    }
    for (const entry of entries) {
      const name = entry.name;
      const rel = job.rel === '' ? name : `${job.rel}/${name}`;
      const abs = path.join(job.abs, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let real: string | undefined;
      if (entry.isSymbolicLink()) {
        const target = await resolveLink(abs);
        if ('error' in target) {
          if (target.error === 'ELOOP' || classifyFile(name)) diagnostics.push(brokenLink(rel, target.error));
          continue;
        }
        isDir = target.isDir;
        isFile = !target.isDir;
        real = target.real;
      }
      if (isDir) {
        if (ALWAYS_SKIPPED.has(name) || isIgnored(layers, rel, true)) continue;
        if (real === undefined) {
          const realDir = path.join(job.real, name);
          visited.add(realDir);
          queue.push({ rel, abs, real: realDir, layers });
        } else if (isInside(realRoot, real)) {
          links.push({ rel, abs, real, layers, parentReal: job.real });
        }
      } else if (isFile) {
        const kind = classifyFile(name) ?? (isWorkflowPath(rel) ? 'workflow' : undefined);
        if (kind && !isIgnored(layers, rel, false)) files[kind].push(rel);
      }
    }
  };

  const running = new Set<Promise<void>>();
  while (queue.length > 0 || running.size > 0 || links.length > 0) {
    if (queue.length === 0 && running.size === 0) {
      for (const link of links.splice(0)) {
        if (visited.has(link.real)) {
          if (isInside(link.real, link.parentReal)) diagnostics.push(linkLoop(link.rel));
          continue;
        }
        visited.add(link.real);
        queue.push(link);
      }
    }
    while (queue.length > 0 && running.size < CONCURRENCY) {
      const p: Promise<void> = visit(queue.shift()!).finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }

  for (const list of Object.values(files)) list.sort();
  return { files, dirs, diagnostics };
}

function isIgnored(layers: IgnoreLayer[], rel: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const sub = layer.base === '' ? rel : rel.slice(layer.base.length + 1);
    let result: { ignored: boolean; unignored: boolean };
    try {
      result = layer.rules.test(isDir ? `${sub}/` : sub);
    } catch {
      // `ignore` rejects a few odd names (`..x`-like paths); git would not ignore them by a pattern either.
      continue;
    }
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

type LinkTarget = { real: string; isDir: boolean } | { error: string };

async function resolveLink(abs: string): Promise<LinkTarget> {
  try {
    const real = await fs.realpath(abs);
    const stat = await fs.stat(real);
    return { real, isDir: stat.isDirectory() };
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN' };
  }
}

function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

function unreadableDir(rel: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
  return diagnostic(
    'STRATA_DISCOVER_UNREADABLE_DIR',
    'warning',
    `folder ${rel || '.'} could not be read (${why})`,
    {
      file: rel || '.',
      hint: 'its files were skipped; fix its permissions or exclude it in strata.yaml',
    },
  );
}

function linkLoop(rel: string): Diagnostic {
  return diagnostic(
    'STRATA_DISCOVER_SYMLINK_LOOP',
    'warning',
    `${rel} is a symbolic link back into a folder above it`,
    {
      file: rel,
      hint: 'strata walked the folder once and skipped the link; remove the link or exclude it',
    },
  );
}

function brokenLink(rel: string, code: string): Diagnostic {
  if (code === 'ELOOP') {
    return diagnostic('STRATA_DISCOVER_SYMLINK_LOOP', 'warning', `${rel} is a symbolic link loop`, {
      file: rel,
      hint: 'the link points at itself through other links; remove it or exclude it',
    });
  }
  return diagnostic(
    'STRATA_DISCOVER_BROKEN_LINK',
    'warning',
    `${rel} is a symbolic link to nothing (${code})`,
    {
      file: rel,
      hint: 'fix or remove the link',
    },
  );
}
