import { type ContextReach, joinReach, onbuildReach } from '../dockerfile/index.js';
import type { EngineClient } from '../engine/types.js';
import { unreadDefinitions } from '../graph/unread-definitions.js';
import type { Image, ImageGraph } from '../model/graph.js';
import type { BuildPlan, Fingerprint } from '../model/plan.js';
import { readArgKey } from '../state/arg-key.js';
import { fileHashCachePath } from '../state/paths.js';
import { previousFingerprints, readState } from '../state/state.js';
import { readTextFile } from '../util/fs.js';
import { contextFiles } from './context-files.js';
import { externalBaseIdentity } from './external-bases.js';
import { FileHashCache } from './file-hash-cache.js';
import { FINGERPRINT_LABEL, fingerprintImage } from './fingerprint.js';
import { prefetchInspect } from './inspect-prefetch.js';
import { decide, type LocalImageFacts, type RegistryFact } from './plan.js';
import { type FetchLike, fingerprintRef, probeRegistry } from './registry.js';
import { selectImages } from './select.js';

export interface ComputePlanOptions {
  /** The scanned root (it keys strata's state folder). Defaults to graph.root. */
  root?: string;
  engine: Pick<EngineClient, 'inspectImage' | 'inspectImages' | 'pull'>;
  /** Registry holding `R/<name>:fp-<fingerprint>` images to reuse. */
  registry?: string;
  /** Image names (id, tag or compose service); all images when absent or empty. */
  selection?: string[];
  /** Plan only the named images, not their ancestors. */
  noDeps?: boolean;
  /** Build every selected image (true) or these ids whatever their state. */
  force?: boolean | string[];
  /** For tests: the HTTP client used to ask registries. */
  fetch?: FetchLike;
}

/** A plan with what it was computed from: the full fingerprints (for state.json) and the registry. */
export interface ComputedPlan extends BuildPlan {
  root: string;
  registry?: string;
  /** image id -> its fingerprint with all parts; every image the selection depends on. */
  fingerprints: Record<string, Fingerprint>;
  /** Problems with strata's own state (a state file set aside); the plan still holds. */
  warnings?: string[];
}

/**
 * Gathers the facts (context files, the engine's images and their fingerprint labels, the registry) and
 * decides what to build, skip or reuse. Reads the engine and the disk; writes only the file-hash cache.
 */
export async function computePlan(graph: ImageGraph, options: ComputePlanOptions): Promise<ComputedPlan> {
  const root = options.root ?? graph.root;
  const selection = selectImages(graph, options.selection ?? [], options.noDeps ?? false);
  const needed = withAncestors(graph, selection);
  const byId = new Map(graph.images.map((img) => [img.id, img]));
  const refs = [
    ...selection.flatMap((id) => byId.get(id)?.tags ?? []),
    ...graph.externalBases
      .filter((b) => !b.ref.digest && b.usedBy.some((id) => needed.has(id)))
      .map((b) => b.ref.raw),
  ];
  const opts = { ...options, engine: await prefetchInspect(options.engine, refs) };
  const local: Record<string, LocalImageFacts> = {};
  // The engine is asked about the tags while the files are hashed.
  const asked = Promise.all(
    selection.map(async (id) => {
      local[id] = await tagFacts(opts.engine, byId.get(id)?.tags ?? []);
    }),
  );
  const cache = await FileHashCache.load(fileHashCachePath(root));
  const rejected: Record<string, string> = {};
  const fingerprints = await fingerprintAll(graph, root, needed, opts, cache, rejected);
  await Promise.all([asked, cache.save().catch(() => undefined)]);
  const planned = selection.filter((id) => fingerprints[id]);

  let registry: Record<string, RegistryFact> | undefined;
  if (opts.registry) {
    const wanted = planned.filter((id) => {
      const image = byId.get(id)!;
      const hash = fingerprints[id]!.hash;
      return !(image.tags.length > 0 && image.tags.every((t) => local[id]?.[t]?.fingerprint === hash));
    });
    const refs = Object.fromEntries(
      wanted.map((id) => [id, fingerprintRef(opts.registry!, id, fingerprints[id]!.hash)]),
    );
    const answers = await probeRegistry(opts.engine, Object.values(refs), opts.fetch);
    registry = Object.fromEntries(
      Object.entries(refs).map(([id, ref]) => [id, { ref, available: answers[ref] ?? 'unknown' }]),
    );
  }

  const warnings: string[] = [];
  const state = await readState(root, (message) => warnings.push(message));
  const plan = decide({
    graph,
    fingerprints,
    previous: previousFingerprints(state),
    local,
    registry,
    selection: planned,
    force: opts.force,
    unreadable: { ...rejected, ...unreadDefinitions(graph) },
  });
  return { ...plan, root, ...(opts.registry ? { registry: opts.registry } : {}), fingerprints, warnings };
}

/** The ids and all their ancestors, in the graph's image order. */
function withAncestors(graph: ImageGraph, ids: string[]): Set<string> {
  return new Set(selectImages(graph, ids, false));
}

async function fingerprintAll(
  graph: ImageGraph,
  root: string,
  needed: Set<string>,
  opts: ComputePlanOptions,
  cache: FileHashCache,
  rejected: Record<string, string>,
): Promise<Record<string, Fingerprint>> {
  // Everything read from disk or the engine is gathered at once; only the hashing of parents into
  // children follows the waves, and that is pure.
  const identities = new Map<string, Promise<string>>();
  for (const base of graph.externalBases) {
    if (base.usedBy.some((id) => needed.has(id))) {
      identities.set(base.ref.raw, externalBaseIdentity(base.ref, opts.engine, opts.fetch));
    }
  }
  const images = graph.images.filter((img) => needed.has(img.id));
  const gathered = new Map(
    await Promise.all(
      images.map(async (image) => {
        const externalBases: Record<string, string> = {};
        for (const base of graph.externalBases) {
          if (base.usedBy.includes(image.id))
            externalBases[base.ref.raw] = await identities.get(base.ref.raw)!;
        }
        const [context, dockerfileText] = await Promise.all([
          contextFiles(root, image, cache, triggersOf(graph, image.id)),
          dockerfileSource(root, image),
        ]);
        const ignoreText = context.ignore.file ? await readTextFile(root, context.ignore.file) : undefined;
        const bad = context.ignore.invalid?.[0];
        const rejected = bad
          ? `${context.ignore.file}:${bad.line}: syntax error in pattern ${JSON.stringify(bad.pattern)} (Docker rejects it, so the build would fail)`
          : undefined;
        return [
          image.id,
          { image, dockerfileText, ignoreText, files: context.files, externalBases, rejected },
        ] as const;
      }),
    ),
  );
  const fingerprints: Record<string, Fingerprint> = {};
  const argKey = readArgKey();
  for (const id of graph.waves.flat()) {
    const facts = gathered.get(id);
    if (!facts) continue;
    if (facts.rejected) rejected[id] = facts.rejected;
    const parents: Record<string, string> = {};
    for (const edge of graph.edges) {
      if (edge.child !== id || edge.parent === id) continue;
      const parentFp = fingerprints[edge.parent];
      if (parentFp) parents[edge.parent] = parentFp.hash;
    }
    fingerprints[id] = fingerprintImage(facts.image, {
      dockerfileText: facts.dockerfileText,
      ...(facts.ignoreText?.ok ? { dockerignoreText: facts.ignoreText.text } : {}),
      files: facts.files,
      parents,
      externalBases: facts.externalBases,
      argKey,
    });
  }
  return fingerprints;
}

/** What the ONBUILD triggers of the images `id` is built FROM read from its context. */
function triggersOf(graph: ImageGraph, id: string): ContextReach | undefined {
  let reach: ContextReach | undefined;
  for (const edge of graph.edges) {
    if (edge.child !== id || edge.parent === id || (edge.kind !== 'from' && edge.kind !== 'context'))
      continue;
    const parent = graph.images.find((image) => image.id === edge.parent);
    const triggers = onbuildReach(parent?.resolved);
    if (triggers) reach = reach ? joinReach(reach, triggers) : triggers;
  }
  return reach;
}

/** The Dockerfile as written; for an inline or unreadable one, its instructions as parsed. */
async function dockerfileSource(root: string, image: Image): Promise<string> {
  const read = image.dockerfile.startsWith('<inline')
    ? undefined
    : await readTextFile(root, image.dockerfile);
  if (read?.ok) return read.text;
  const instructions = image.resolved?.parsed.instructions ?? [];
  return instructions.map((ins) => ins.raw).join('\n');
}

async function tagFacts(
  engine: Pick<EngineClient, 'inspectImage'>,
  tags: string[],
): Promise<LocalImageFacts> {
  const facts: LocalImageFacts = {};
  for (const tag of tags) {
    const details = await engine.inspectImage(tag);
    const fingerprint = details?.labels[FINGERPRINT_LABEL];
    facts[tag] = { present: details !== undefined, ...(fingerprint ? { fingerprint } : {}) };
  }
  return facts;
}
