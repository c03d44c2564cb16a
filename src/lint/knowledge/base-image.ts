import type { ImageRef, ResolvedDockerfile } from '../../model/dockerfile.js';
import type { Image, ImageGraph } from '../../model/graph.js';
import { finalChain } from '../stages.js';
import { type BaseCuda, cudaOfBaseImage } from './cuda.js';
import { parentImage } from './installs.js';

/** The external image a stage chain starts from (undefined for scratch, contexts or unresolved FROMs). */
export function chainRootRef(
  resolved: ResolvedDockerfile,
  stage = resolved.targetStage,
): ImageRef | undefined {
  const chain = finalChain({ ...resolved, targetStage: stage });
  const root = resolved.stages[chain[0] ?? stage];
  return root?.base.kind === 'image' ? root.base.ref : undefined;
}

/**
 * The external image an image's filesystem starts from, following family parents (an image built
 * FROM `base-ml`, itself FROM `nvidia/cuda:12.1.1-runtime-ubuntu22.04`, stands on nvidia/cuda).
 */
export function externalBaseOf(image: Image, graph: ImageGraph): ImageRef | undefined {
  const seen = new Set<string>();
  let current: Image | undefined = image;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    const parent = parentImage(current, graph);
    if (!parent) return current.resolved ? chainRootRef(current.resolved) : undefined;
    current = parent;
  }
  return undefined;
}

/** CUDA facts of an image's external base, or undefined when it carries no CUDA. */
export function baseCudaOf(image: Image, graph: ImageGraph): { ref: ImageRef; cuda: BaseCuda } | undefined {
  const ref = externalBaseOf(image, graph);
  if (!ref) return undefined;
  const cuda = cudaOfBaseImage(ref.repository, ref.tag);
  return cuda ? { ref, cuda } : undefined;
}
