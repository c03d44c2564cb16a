import { editDistance } from '../../../graph/similar.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

/**
 * DL3022: `COPY --from=` naming a stage that does not exist before it. A bare word that is not a stage
 * is an image to BuildKit (`--from=busybox` is fine); strata reports it only when it names a later
 * stage, is an index out of range, or is one typo away from a stage name.
 */
export const rule: ImageRule = {
  meta: {
    id: 'copy-from-unknown-stage',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3022',
    description: 'COPY --from should name a stage defined before it',
  },
  scope: 'image',
  check(image) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const file = resolved.parsed;
    const out: Finding[] = [];
    for (const stage of resolved.stages) {
      for (const { instruction: ins, source } of stage.copyFrom) {
        const raw = flagValue(ins, 'from');
        if (typeof raw !== 'string') continue;
        const word = raw.toLowerCase();
        const own = file.stages[ins.stage]?.name;
        if (word === own || word === String(ins.stage)) continue; // copy-from-own-stage
        const earlier = file.stages.slice(0, ins.stage).flatMap((s) => (s.name ? [s.name] : []));
        const later = file.stages.slice(ins.stage + 1);
        if (/^\d+$/.test(word)) {
          if (Number(word) > ins.stage) {
            out.push(
              findingAt(
                file,
                ins,
                `COPY --from=${raw}: stage ${raw} is not defined before this one`,
                fixFor(earlier),
              ),
            );
          }
          continue;
        }
        if (source.kind === 'stage' && source.stage < ins.stage) continue;
        // An index out of range is already reported by the scan (STRATA_DF_UNKNOWN_STAGE_REF).
        if (source.kind === 'context' || source.kind === 'unresolved') continue;
        const laterStage = later.find((s) => s.name === word);
        if (laterStage) {
          out.push(
            findingAt(
              file,
              ins,
              `COPY --from=${raw} names stage "${word}" defined later (line ${laterStage.fromInstruction.range.line}); only BuildKit accepts that`,
              'move that stage above this one',
            ),
          );
          continue;
        }
        if (/[/:@.]/.test(word)) continue; // an image reference
        const near = earlier.filter((n) => editDistance(n, word) <= (n.length > 4 ? 2 : 1));
        if (near.length > 0) {
          out.push(
            findingAt(
              file,
              ins,
              `COPY --from=${raw} names no stage; BuildKit would pull the image docker.io/library/${word}`,
              `did you mean --from=${near[0]}?`,
            ),
          );
        }
      }
    }
    return out;
  },
};

function fixFor(earlier: string[]): string {
  return earlier.length
    ? `name one of the stages before it: ${earlier.join(', ')}`
    : 'define the stage before it';
}
