/**
 * Compares a `strata scan --json` result with a repository's ground truth. Pure: no disk, no process.
 *
 * Matching: a truth image is matched to the strata image that carries one of its tags (a `*` in a truth
 * tag stands for any run-time value: a git sha, a date); failing that, to the only strata image built
 * from the same Dockerfile (and target, when the truth names one) that no other truth image claimed.
 * An expected edge (child -> parent, both of the repository) is found when the child's match lists the
 * parent's match among its parents. A wrong edge is a strata parent link between two matched images
 * that the truth does not have.
 */

/** One image of the ground truth (bench/corpus/README.md). */
export interface TruthImage {
  key: string;
  dockerfile: string;
  context?: string;
  target?: string | null;
  tags?: string[];
  args?: Record<string, string>;
  parents?: string[];
  externalBases?: string[];
  stated?: string;
}

export interface Truth {
  repo: string;
  commit: string;
  author?: 'independent' | 'developer';
  invocation?: string;
  mechanisms?: string[];
  images: TruthImage[];
  notes?: string;
}

/** The part of `strata scan --json` (docs/scan-json.md) the comparison reads. */
export interface ScanView {
  images: {
    id: string;
    dockerfile: string;
    context?: string;
    target?: string;
    tags?: string[];
    parents?: string[];
  }[];
  diagnostics?: { file?: string; line?: number; code: string; severity: string; message: string }[];
}

export interface CorpusScore {
  imagesExpected: number;
  imagesMatched: number;
  edgesExpected: number;
  edgesFound: number;
  tagsExpected: number;
  tagsFound: number;
  /** `child -> parent` in truth keys. */
  missedEdges: string[];
  /** `child -> parent` in truth keys. */
  wrongEdges: string[];
  /** `key: tag`. */
  missedTags: string[];
  unmatchedImages: string[];
}

/** Docker's short forms: `docker.io/library/x` is `x`, a missing tag is `latest`. */
export function normalizeTag(tag: string): string {
  let t = tag.trim();
  if (!t.includes('@')) {
    const lastSlash = t.lastIndexOf('/');
    if (!t.slice(lastSlash + 1).includes(':')) t = `${t}:latest`;
  }
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/'])
    if (t.startsWith(prefix)) t = t.slice(prefix.length);
  if (t.startsWith('library/')) t = t.slice('library/'.length);
  return t;
}

function tagMatcher(truthTag: string): (candidate: string) => boolean {
  const normal = normalizeTag(truthTag);
  if (!normal.includes('*')) return (c) => normalizeTag(c) === normal;
  const pattern = new RegExp(
    `^${normal
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+')}$`,
  );
  return (c) => pattern.test(normalizeTag(c));
}

const slash = (p: string | undefined): string => (p ?? '').replace(/\\/g, '/').replace(/^\.\//, '');

export function compareToTruth(truth: Truth, scan: ScanView): CorpusScore {
  const match = new Map<string, string>(); // truth key -> strata id
  const claimed = new Set<string>();
  // Tags first: they tell variants of one Dockerfile apart.
  for (const t of truth.images) {
    const matchers = (t.tags ?? []).map(tagMatcher);
    if (matchers.length === 0) continue;
    const candidates = scan.images.filter(
      (s) => !claimed.has(s.id) && (s.tags ?? []).some((tag) => matchers.some((m) => m(tag))),
    );
    const best =
      candidates.find(
        (s) => slash(s.dockerfile) === slash(t.dockerfile) && (!t.target || s.target === t.target),
      ) ?? candidates[0];
    if (best) {
      match.set(t.key, best.id);
      claimed.add(best.id);
    }
  }
  for (const t of truth.images) {
    if (match.has(t.key)) continue;
    const same = scan.images.filter(
      (s) =>
        !claimed.has(s.id) &&
        slash(s.dockerfile) === slash(t.dockerfile) &&
        (!t.target || s.target === t.target),
    );
    const others = truth.images.filter(
      (o) =>
        o !== t && !match.has(o.key) && slash(o.dockerfile) === slash(t.dockerfile) && o.target === t.target,
    );
    if (same.length === 1 && others.length === 0) {
      match.set(t.key, same[0]!.id);
      claimed.add(same[0]!.id);
    }
  }

  const byId = new Map(scan.images.map((s) => [s.id, s]));
  const score: CorpusScore = {
    imagesExpected: truth.images.length,
    imagesMatched: match.size,
    edgesExpected: 0,
    edgesFound: 0,
    tagsExpected: 0,
    tagsFound: 0,
    missedEdges: [],
    wrongEdges: [],
    missedTags: [],
    unmatchedImages: truth.images.filter((t) => !match.has(t.key)).map((t) => `${t.key} (${t.dockerfile})`),
  };
  const expected = new Set<string>();
  for (const t of truth.images) {
    for (const p of t.parents ?? []) {
      score.edgesExpected++;
      expected.add(`${t.key} -> ${p}`);
      const child = byId.get(match.get(t.key) ?? '');
      const parentId = match.get(p);
      if (child && parentId && (child.parents ?? []).includes(parentId)) score.edgesFound++;
      else score.missedEdges.push(`${t.key} -> ${p}`);
    }
    for (const tag of t.tags ?? []) {
      score.tagsExpected++;
      const s = byId.get(match.get(t.key) ?? '');
      const m = tagMatcher(tag);
      if (s && (s.tags ?? []).some(m)) score.tagsFound++;
      else score.missedTags.push(`${t.key}: ${tag}`);
    }
  }
  const keyOf = new Map([...match].map(([key, id]) => [id, key]));
  for (const s of scan.images) {
    const childKey = keyOf.get(s.id);
    if (!childKey) continue;
    for (const parentId of s.parents ?? []) {
      const parentKey = keyOf.get(parentId);
      if (parentKey && !expected.has(`${childKey} -> ${parentKey}`))
        score.wrongEdges.push(`${childKey} -> ${parentKey}`);
    }
  }
  return score;
}
