import type { ImageGraph } from '../model/graph.js';
import type { BuildPlan, Fingerprint, PlannedImage, PlanReason } from '../model/plan.js';
import { diffFingerprints } from './diff.js';

/** What the engine holds under one tag of an image. */
export interface TagFact {
  present: boolean;
  /** The fingerprint label of the image under the tag, when it has one. */
  fingerprint?: string;
}

/** Per tag of an image: what the local engine has. */
export type LocalImageFacts = Record<string, TagFact>;

/** Whether the registry holds `ref` (the image's fingerprint tag); 'unknown' when it could not be asked. */
export interface RegistryFact {
  ref: string;
  available: boolean | 'unknown';
}

export interface DecideInput {
  graph: ImageGraph;
  /** The fingerprint of every image (selected or not). */
  fingerprints: Record<string, Fingerprint>;
  /** The fingerprint each image had at its last build (from state.json). */
  previous: Record<string, Fingerprint>;
  /** image id -> what the engine holds under each of its tags. */
  local: Record<string, LocalImageFacts>;
  /** image id -> the registry's answer for its fingerprint tag; absent without --registry. */
  registry?: Record<string, RegistryFact>;
  /** Image ids to plan (see selectImages); all images in the graph's waves when absent. */
  selection?: string[];
  /** Build these images (true: all selected) whatever their state. */
  force?: boolean | string[];
  /** image id -> why the file that defines it could not be read (unreadDefinitions): planned as blocked. */
  unreadable?: Record<string, string>;
}

/**
 * The plan: for each selected image, in graph order, build / skip / reuse and why. Pure: it reads only
 * its input.
 */
export function decide(input: DecideInput): BuildPlan {
  const { graph, fingerprints } = input;
  const selected = new Set(input.selection ?? graph.waves.flat());
  const waves = graph.waves.map((w) => w.filter((id) => selected.has(id))).filter((w) => w.length > 0);
  const parentsOf = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = parentsOf.get(edge.child) ?? [];
    if (!list.includes(edge.parent) && edge.parent !== edge.child) list.push(edge.parent);
    parentsOf.set(edge.child, list);
  }
  const byId = new Map(graph.images.map((img) => [img.id, img]));
  const planned = new Map<string, PlannedImage>();

  for (const id of waves.flat()) {
    const image = byId.get(id);
    const fingerprint = fingerprints[id];
    if (!image || !fingerprint) continue;
    const parents = (parentsOf.get(id) ?? []).filter((p) => selected.has(p)).sort();
    const base = { id, tags: image.tags, fingerprint: fingerprint.hash, parents };
    const forced = input.force === true || (Array.isArray(input.force) && input.force.includes(id));
    const rebuiltParents = parents.filter((p) => planned.get(p)?.action === 'build');
    const previous = input.previous[id];
    const changes =
      previous && previous.hash !== fingerprint.hash ? diffFingerprints(previous, fingerprint) : [];

    const unreadable = input.unreadable?.[id];
    if (unreadable) {
      planned.set(id, {
        ...base,
        action: 'build',
        blocked: true,
        reasons: [{ kind: 'definition-unreadable', message: unreadable }],
      });
      continue;
    }
    if (forced) {
      planned.set(id, { ...base, action: 'build', reasons: [{ kind: 'forced', message: 'build forced' }] });
      continue;
    }
    if (rebuiltParents.length > 0) {
      const reasons: PlanReason[] = rebuiltParents.map((p) => ({
        kind: 'parent-rebuilt',
        message: `parent ${p} rebuilt`,
        subjects: [p],
      }));
      reasons.push(...changes.filter((r) => r.kind !== 'parent-changed'));
      planned.set(id, { ...base, action: 'build', reasons });
      continue;
    }
    const tags = input.local[id] ?? {};
    const upToDate =
      image.tags.length > 0 && image.tags.every((t) => tags[t]?.fingerprint === fingerprint.hash);
    if (upToDate) {
      planned.set(id, {
        ...base,
        action: 'skip',
        reasons: [
          {
            kind: 'up-to-date',
            message: `${image.tags.join(', ')} already built from these inputs`,
            subjects: image.tags,
          },
        ],
      });
      continue;
    }
    const fromRegistry = input.registry?.[id];
    if (fromRegistry?.available === true) {
      planned.set(id, {
        ...base,
        action: 'reuse',
        reuseFrom: fromRegistry.ref,
        reasons: [
          {
            kind: 'in-registry',
            message: `${fromRegistry.ref} holds this fingerprint`,
            subjects: [fromRegistry.ref],
          },
        ],
      });
      continue;
    }
    planned.set(id, {
      ...base,
      action: 'build',
      reasons: buildReasons(image.tags, tags, fingerprint, previous, changes),
    });
  }
  return { images: waves.flat().flatMap((id) => planned.get(id) ?? []), waves };
}

function buildReasons(
  imageTags: string[],
  tags: LocalImageFacts,
  fingerprint: Fingerprint,
  previous: Fingerprint | undefined,
  changes: PlanReason[],
): PlanReason[] {
  if (imageTags.length === 0) {
    return [{ kind: 'image-missing', message: 'the image has no tag, so no earlier build can be found' }];
  }
  if (changes.length > 0) return changes;
  const missing = imageTags.filter((t) => !tags[t]?.present);
  const stale = imageTags.filter((t) => tags[t]?.present && tags[t]?.fingerprint !== fingerprint.hash);
  if (!previous) {
    if (missing.length === imageTags.length) {
      return [{ kind: 'no-previous-build', message: 'no previous build' }];
    }
    return [
      {
        kind: 'no-previous-build',
        message: `no build recorded here; ${stale.join(', ')} ${stale.length === 1 ? 'was' : 'were'} built from other inputs`,
        subjects: stale,
      },
    ];
  }
  if (previous.hash !== fingerprint.hash) {
    return [
      { kind: 'no-previous-build', message: 'the last build was fingerprinted by another strata version' },
    ];
  }
  const reasons: PlanReason[] = [];
  if (missing.length > 0) {
    reasons.push({
      kind: 'image-missing',
      message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the engine`,
      subjects: missing,
    });
  }
  if (stale.length > 0) {
    reasons.push({
      kind: 'image-missing',
      message: `${stale.join(', ')} ${stale.length === 1 ? 'holds' : 'hold'} an image built from other inputs`,
      subjects: stale,
    });
  }
  return reasons;
}
