import { parseImageRef } from '../dockerfile/index.js';
import type { ImageRef, Instruction, ResolvedStage } from '../model/dockerfile.js';
import type { Image, ImageGraph } from '../model/graph.js';
import { fromEdgesTo, imageById } from './knowledge/graph-index.js';
import { chainInstructions, finalChain } from './stages.js';

/** The instructions that make up an image's filesystem and config: its final stage chain, in order. */
export function imageInstructions(image: Image): Instruction[] {
  const r = image.resolved;
  if (!r) return [];
  // A fragment (instructions before any FROM, as editors send them) is linted as the image it describes.
  const loose = r.parsed.instructions.filter((i) => i.stage < 0 && i.keyword !== 'ARG');
  const chain = chainInstructions(r.parsed, finalChain(r));
  return loose.length > 0 ? [...loose, ...chain] : chain;
}

/** Images of the family this image is built FROM (its root stage's base), nearest first. */
export function parentImages(image: Image, graph: ImageGraph): Image[] {
  const out: Image[] = [];
  let parent = fromParent(image, graph);
  while (parent && parent !== image && !out.includes(parent)) {
    out.push(parent);
    parent = fromParent(parent, graph);
  }
  return out;
}

/** The image the first FROM edge ending at this image names. */
function fromParent(image: Image, graph: ImageGraph): Image | undefined {
  for (const e of fromEdgesTo(graph, image.id)) {
    const parent = imageById(graph, e.parent);
    if (parent) return parent;
  }
  return undefined;
}

/**
 * The last instruction with this keyword that the image inherits, looking at its own final chain first
 * and then at the family images it is built FROM. Undefined when none sets it (the base image decides).
 */
export function lastInherited(
  image: Image,
  graph: ImageGraph,
  keyword: string,
): { image: Image; ins: Instruction } | undefined {
  for (const img of [image, ...parentImages(image, graph)]) {
    const found = imageInstructions(img)
      .filter((i) => i.keyword === keyword)
      .pop();
    if (found) return { image: img, ins: found };
  }
  return undefined;
}

const familyNames = new WeakMap<ImageGraph, Set<string>>();

/**
 * True when a FROM (or --from) reference names an image the repository builds itself: a tag of a family
 * image, or the reference of a FROM edge of the graph. Such a base is built right before its children,
 * so its tag is not a pull of whatever a registry holds.
 */
export function isFamilyImage(ref: ImageRef, graph: ImageGraph): boolean {
  let names = familyNames.get(graph);
  if (!names) {
    names = new Set<string>();
    for (const image of graph.images) {
      for (const tag of image.tags) {
        names.add(tag);
        const parsed = parseImageRef(tag);
        if (parsed) names.add(parsed.familiar);
      }
    }
    for (const e of graph.edges) if (e.kind === 'from' && !e.inferred) names.add(e.via);
    familyNames.set(graph, names);
  }
  return names.has(ref.raw) || names.has(ref.familiar);
}

/** A FROM of an image's Dockerfile that pulls a base from a registry. */
export interface PulledBase {
  stage: ResolvedStage;
  ref: ImageRef;
  from: Instruction;
}

/** The FROMs of an image's stages that pull a registry image: not stage names, scratch or family images. */
export function pulledBases(image: Image, graph: ImageGraph): PulledBase[] {
  const resolved = image.resolved;
  if (!resolved) return [];
  const out: PulledBase[] = [];
  for (const stage of resolved.stages) {
    if (stage.base.kind !== 'image') continue;
    const { ref } = stage.base;
    const from = resolved.parsed.stages[stage.index]?.fromInstruction;
    if (from && !isFamilyImage(ref, graph)) out.push({ stage, ref, from });
  }
  return out;
}

/** `USER root`, `USER 0`, `USER root:staff`, `USER 0:0`: the processes run as root whatever the group. */
export function isRootUser(user: string): boolean {
  return /^(?:root|0)(?::.*)?$/.test(user.trim());
}
