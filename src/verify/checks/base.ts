import { parseImageRef } from '../../dockerfile/imageRef.js';
import { inspectImageConfigs } from '../../engine/container.js';
import { findImage } from '../../plan/select.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import type { BaseTest } from '../schema.js';

/** The reference the final stage of a family image is built FROM (following stage-to-stage FROMs). */
export function finalBase(ctx: Pick<CheckContext, 'image'>): string | undefined {
  const resolved = ctx.image?.resolved;
  if (!resolved) return undefined;
  let stage = resolved.stages[resolved.targetStage];
  for (let hops = 0; stage && hops < resolved.stages.length; hops++) {
    const base = stage.base;
    if (base.kind === 'stage') stage = resolved.stages[base.stage];
    else if (base.kind === 'image') return base.ref.familiar;
    else return base.kind === 'scratch' ? 'scratch' : undefined;
  }
  return undefined;
}

/**
 * Whether `image`'s layers can sit on `parent`'s (Engine API `RootFS.Layers`, oldest first): the parent is
 * another image (not the image itself), and the image's lower layers, up to the parent's top, are the
 * parent's, one for one. Layers alone cannot tell a parent from a grandparent (an ancestor's layers are a
 * prefix too) nor two images with the same layers apart; the family graph can, for family images.
 * Returns the problem, or undefined.
 */
export function layerParentProblem(
  parent: { id: string; layers: string[] },
  image: { id: string; layers: string[] },
  parentRef: string,
): string | undefined {
  if (parent.id === image.id) return `${parentRef} is the image itself, not its parent`;
  const n = parent.layers.length;
  if (n > image.layers.length)
    return `${parentRef} has ${n} layers, more than the image's ${image.layers.length}`;
  const at = parent.layers.findIndex((l, i) => image.layers[i] !== l);
  if (at >= 0)
    return `the image's layers do not start with the ${n} layers of ${parentRef} (they differ from layer ${at + 1})`;
  return undefined;
}

const familiar = (ref: string) => parseImageRef(ref)?.familiar ?? ref;

/**
 * The image was built FROM the expected parent: the family graph's final-stage base names it (a family
 * image by id, tag or service, or an external ref), and, when the parent is present on the engine, the
 * image's layers start with all of the parent's layers.
 */
export async function runBaseTest(ctx: CheckContext, test: BaseTest): Promise<CheckOutcome> {
  const errors: string[] = [];
  const family = ctx.graph ? findImage(ctx.graph, test.parent) : undefined;
  const parentRefs = family ? family.tags.map(familiar) : [familiar(test.parent)];
  const declared = finalBase(ctx);
  if (ctx.image && declared !== undefined && !parentRefs.includes(declared))
    errors.push(`the Dockerfile builds FROM ${declared}, not ${test.parent}`);
  const parentRef = family?.tags[0] ?? test.parent;
  const parent = (await inspectImageConfigs(ctx.session.target, [parentRef])).get(parentRef);
  if (parent) {
    const problem = layerParentProblem(parent, ctx.config, parentRef);
    if (problem) errors.push(problem);
  } else if (!ctx.image || declared === undefined) {
    errors.push(
      `${parentRef} is not on the engine and the family graph does not say what the image is built FROM`,
    );
  }
  return verdict(errors);
}
