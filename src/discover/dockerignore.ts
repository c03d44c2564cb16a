import { readFileSync } from 'node:fs';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { readTextFile } from '../util/fs.js';
import { joinRel, toPosix } from '../util/paths.js';

// The package is CommonJS with a `default` in its typings only; at run time the import is the factory.
const dockerignore = ((dockerignoreModule as unknown as { default?: unknown }).default ??
  dockerignoreModule) as unknown as (opts?: { ignorecase?: boolean }) => DockerignoreRules;

interface DockerignoreRules {
  add(patterns: string[]): DockerignoreRules;
  ignores(p: string): boolean;
}

/** Docker's view of a build context's .dockerignore. */
export interface DockerignoreMatcher {
  /** The .dockerignore used, relative to the root; absent when there is none. */
  file?: string;
  /** Its patterns, comments and blank lines removed, in order. */
  patterns: string[];
  /** True when Docker leaves this path (relative to the context, POSIX) out of the build context. */
  ignores(pathRelToContext: string): boolean;
  /** Patterns Docker rejects (`syntax error in pattern`), with their line: a build with them fails. */
  invalid: { line: number; pattern: string }[];
}

/**
 * The .dockerignore files Docker looks for when it builds `dockerfileRel` with the context `contextRel`, in
 * order of precedence: `<Dockerfile>.dockerignore` next to the Dockerfile wins over `<context>/.dockerignore`.
 * The first that exists is the one applied.
 */
export function dockerignoreCandidates(contextRel: string, dockerfileRel?: string): string[] {
  const candidates: string[] = [];
  if (dockerfileRel) candidates.push(`${dockerfileRel}.dockerignore`);
  candidates.push(joinRel(contextRel, '.dockerignore'));
  return candidates;
}

/** The .dockerignore Docker applies to a build (see dockerignoreCandidates). No file means nothing is ignored. Never throws. */
export async function loadDockerignore(
  root: string,
  contextRel: string,
  dockerfileRel?: string,
): Promise<DockerignoreMatcher> {
  for (const file of dockerignoreCandidates(contextRel, dockerfileRel)) {
    const read = await readTextFile(root, file);
    if (read.ok) return dockerignoreMatcher(read.text, file);
  }
  return dockerignoreMatcher('', undefined);
}

/**
 * loadDockerignore, read synchronously (much faster when thousands of builds are checked). `exists` narrows
 * the candidates to files known to be there, such as the ones discovery listed; an unreadable file counts
 * as absent. Never throws.
 */
export function loadDockerignoreSync(
  root: string,
  contextRel: string,
  dockerfileRel?: string,
  exists: (rel: string) => boolean = () => true,
): DockerignoreMatcher {
  for (const file of dockerignoreCandidates(contextRel, dockerfileRel)) {
    if (!exists(file)) continue;
    try {
      return dockerignoreMatcher(readFileSync(path.resolve(root, file), 'utf8'), file);
    } catch {
      // unreadable: try the next one, as Docker would find none
    }
  }
  return dockerignoreMatcher('', undefined);
}

/** Builds a matcher from .dockerignore text (pure; `file` is only recorded). */
export function dockerignoreMatcher(text: string, file: string | undefined): DockerignoreMatcher {
  const invalid: DockerignoreMatcher['invalid'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const pattern = raw.trim().replace(/^!/, '');
    if (!raw.startsWith('#') && pattern !== '' && !isValidPattern(pattern))
      invalid.push({ line: i + 1, pattern });
  });
  const rejected = new Set(invalid.map((p) => p.pattern));
  const patterns = parseDockerignore(text).filter((p) => !rejected.has(p.replace(/^!/, '')));
  const rules = dockerignore({ ignorecase: false }).add(patterns);
  return {
    ...(file === undefined ? {} : { file }),
    patterns,
    invalid,
    ignores(p: string): boolean {
      const rel = normaliseContextPath(p);
      if (rel === '' || patterns.length === 0) return false;
      return rules.ignores(rel);
    },
  };
}

/**
 * Whether Go's `filepath.Match` (what Docker matches .dockerignore patterns with) accepts a pattern: every
 * `[` closed by a `]` with something inside, no `\` at the end.
 */
export function isValidPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (i + 1 >= pattern.length) return false;
      i++;
    } else if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '^' || pattern[j] === '!') j++;
      if (pattern[j] === ']') return false;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      if (j >= pattern.length) return false;
      i = j;
    }
  }
  return true;
}

/** Pattern lines of a .dockerignore: `#` comments and blank lines dropped, surrounding space trimmed. */
export function parseDockerignore(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#')) continue;
    const line = raw.trim();
    if (line === '' || line === '!') continue;
    out.push(line);
  }
  return out;
}

function normaliseContextPath(p: string): string {
  const norm = path.posix
    .normalize(toPosix(p))
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
  return norm === '.' ? '' : norm;
}
