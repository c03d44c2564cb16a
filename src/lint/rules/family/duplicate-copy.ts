import type { Image } from '../../../model/graph.js';
import { joinRel } from '../../../util/paths.js';
import { finding } from '../../knowledge/findings.js';
import { type ContextCopy, chainEndState } from '../../knowledge/stage-walk.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { finalChain, firstLine } from '../../stages.js';
import { familyInstalls } from './family-installs.js';

interface PlacedCopy {
  image: Image;
  copy: ContextCopy;
  /** Repository path of the source. */
  source: string;
  /** The destination as the COPY names it (WORKDIR applied). */
  dest: string;
}

function placedCopies(image: Image): PlacedCopy[] {
  const r = image.resolved;
  if (!r) return [];
  const out: PlacedCopy[] = [];
  for (const copy of chainEndState(r, finalChain(r), image.args).copies) {
    for (const raw of copy.sources) {
      if (raw.includes('$') || /[*?[]/.test(raw)) continue;
      out.push({ image, copy, source: joinRel(image.context, raw), dest: copy.dest });
    }
  }
  return out;
}

/** The same repository files copied to the same place by an image and by the parent image it is built FROM. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-duplicate-copy',
    category: 'family',
    severity: 'info',
    enabledByDefault: true,
    description: 'An image copies the same files to the same place as the parent image it is built FROM',
  },
  scope: 'family',
  async check(ctx) {
    const out: Finding[] = [];
    const copiesOf = new Map<string, PlacedCopy[]>();
    const of = (image: Image) => {
      let hit = copiesOf.get(image.id);
      if (!hit) {
        hit = placedCopies(image);
        copiesOf.set(image.id, hit);
      }
      return hit;
    };
    for (const installs of await familyInstalls(ctx)) {
      if (installs.parents.length === 0 || !installs.image.resolved) continue;
      for (const mine of of(installs.image)) {
        const earlier = installs.parents
          .flatMap((p) => of(p))
          .find((c) => c.source === mine.source && c.dest === mine.dest);
        if (!earlier?.image.resolved) continue;
        out.push(
          finding(
            installs.image.resolved.parsed.file,
            firstLine(mine.copy.instruction),
            `${mine.source} is copied to ${mine.dest} again: ${earlier.image.id}, an image it is built on, already copies it there (${earlier.image.resolved.parsed.file}:${earlier.copy.instruction.range.line}); every image of the family carries a second layer of the same files`,
            `copy it in one place: keep it in ${earlier.image.id} (and rebuild the base when it changes) or move it out of the base`,
          ),
        );
      }
    }
    return out;
  },
};
