import type { Instruction, Mount, ResolvedDockerfile } from '../model/dockerfile.js';
import { mounts } from './views.js';

/**
 * What a build can read from its context: `all` when it cannot be known (a source with a variable, a
 * bind mount of the context), else the COPY/ADD source patterns of the needed stages, relative to the
 * context root, with Docker's `filepath.Match` syntax per path segment. ONBUILD triggers read the context
 * of the image built on the image, not its own: see onbuildReach.
 */
export type ContextReach = { kind: 'all'; why: string } | { kind: 'patterns'; patterns: string[] };

/**
 * The context sources of the stages the target needs. A source reaches the whole context when it is
 * `.`, names a variable, or comes from a `RUN --mount=type=bind` without `from=`.
 */
export function contextReach(resolved: ResolvedDockerfile | undefined): ContextReach {
  if (!resolved) return { kind: 'all', why: 'the Dockerfile could not be parsed' };
  const patterns = new Set<string>();
  for (const stage of resolved.stages) {
    if (!stage.needed || stage.replacedByContext) continue;
    const parsed = resolved.parsed.stages[stage.index];
    if (!parsed) continue;
    for (const ins of parsed.instructions) {
      const reach = instructionReach(ins);
      if (reach === undefined) continue;
      if (reach.kind === 'all') return reach;
      for (const p of reach.patterns) patterns.add(p);
    }
  }
  return { kind: 'patterns', patterns: [...patterns].sort() };
}

/**
 * What the ONBUILD triggers of an image (its built stage's `ONBUILD COPY/ADD/RUN --mount`) read from the
 * context of an image built FROM it: they run in that child's build, so they belong to the child's
 * fingerprint. undefined when the image has no such trigger.
 */
export function onbuildReach(resolved: ResolvedDockerfile | undefined): ContextReach | undefined {
  const stage = resolved?.parsed.stages[resolved.targetStage];
  if (!stage) return undefined;
  const patterns = new Set<string>();
  let any = false;
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'ONBUILD' || !ins.onbuild) continue;
    const reach = instructionReach(ins.onbuild);
    if (reach === undefined) continue;
    if (reach.kind === 'all') return { kind: 'all', why: `ONBUILD ${reach.why}` };
    any = true;
    for (const p of reach.patterns) patterns.add(p);
  }
  return any ? { kind: 'patterns', patterns: [...patterns].sort() } : undefined;
}

/** Two reaches in one: everything when either is everything, else both sets of patterns. */
export function joinReach(a: ContextReach, b: ContextReach | undefined): ContextReach {
  if (!b) return a;
  if (a.kind === 'all') return a;
  if (b.kind === 'all') return b;
  return { kind: 'patterns', patterns: [...new Set([...a.patterns, ...b.patterns])].sort() };
}

function instructionReach(ins: Instruction): ContextReach | undefined {
  if (ins.keyword === 'ONBUILD') return undefined;
  if (ins.keyword === 'RUN') return runReach(ins);
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  if (ins.flags.some((f) => f.name === 'from')) return undefined;
  const words = ins.words.filter((w) => !w.startsWith('--') || ins.jsonForm);
  const sources = words.slice(0, -1).filter((w) => !isHeredocWord(w, ins));
  const patterns: string[] = [];
  for (const source of sources) {
    if (ins.keyword === 'ADD' && /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) continue;
    if (ins.keyword === 'ADD' && /^git@/.test(source)) continue;
    if (source.includes('$')) {
      return {
        kind: 'all',
        why: `${ins.keyword} source ${source} names a variable (line ${ins.range.line})`,
      };
    }
    const clean = cleanSource(source);
    if (clean === '.')
      return { kind: 'all', why: `${ins.keyword} copies the whole context (line ${ins.range.line})` };
    patterns.push(clean);
  }
  return { kind: 'patterns', patterns };
}

function runReach(ins: Instruction): ContextReach | undefined {
  const mount = contextBindMounts(ins)[0];
  if (!mount) return undefined;
  const source = mount.source ?? '.';
  if (source.includes('$')) return { kind: 'all', why: `RUN bind mount of ${source} names a variable` };
  const clean = cleanSource(source);
  if (clean === '.')
    return { kind: 'all', why: `RUN bind-mounts the whole context (line ${ins.range.line})` };
  return { kind: 'patterns', patterns: [clean] };
}

/** The `RUN --mount=type=bind` mounts of an instruction that read the build context (those without `from=`). */
export function contextBindMounts(ins: Instruction): Mount[] {
  return mounts(ins).filter((m) => m.type === 'bind' && !m.from);
}

function isHeredocWord(word: string, ins: Instruction): boolean {
  return ins.heredocs.length > 0 && /^<<-?["']?\w+["']?$/.test(word);
}

/** `./src/`, `/src`, `src//x` -> `src`, `src/x`; `.` for the context root. */
export function cleanSource(source: string): string {
  const segments: string[] = [];
  for (const seg of source.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

const segmentCache = new Map<string, RegExp>();

/** Go's `filepath.Match` for one path segment: `*`, `?`, `[a-z]`, `[^x]`, `\` escapes. */
export function matchSegment(pattern: string, name: string): boolean {
  if (!/[*?[\\]/.test(pattern)) return pattern === name;
  let re = segmentCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${segmentRegex(pattern)}$`, 's');
    segmentCache.set(pattern, re);
  }
  return re.test(name);
}

function segmentRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) out += escapeRegex(pattern[++i]!);
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\(?!\])/g, '\\\\')}]`;
      i = end;
    } else out += escapeRegex(ch);
  }
  return out;
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * How a path (POSIX, relative to the context) relates to a set of source patterns: `inside` when a
 * pattern matches it or one of its parent folders (a folder source copies everything under it),
 * `toward` when it is a folder on the way to a match, `outside` otherwise.
 */
export function reachOf(patterns: string[][], segments: string[]): 'inside' | 'toward' | 'outside' {
  let toward = false;
  for (const pattern of patterns) {
    const n = Math.min(pattern.length, segments.length);
    let ok = true;
    for (let i = 0; i < n; i++) {
      if (!matchSegment(pattern[i]!, segments[i]!)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (segments.length >= pattern.length) return 'inside';
    toward = true;
  }
  return toward ? 'toward' : 'outside';
}
