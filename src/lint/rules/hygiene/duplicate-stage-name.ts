import type { DockerfileRule, Finding } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3024: two stages with one name; `--from=` and `--target` silently pick one. */
export const rule: DockerfileRule = {
  meta: {
    id: 'duplicate-stage-name',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3024',
    buildkit: 'DuplicateStageName',
    description: 'Stage names (FROM ... AS name) must be unique',
    supersedes: ['STRATA_DF_DUPLICATE_STAGE'],
  },
  scope: 'dockerfile',
  check(file) {
    const first = new Map<string, number>();
    const out: Finding[] = [];
    for (const stage of file.stages) {
      if (!stage.name) continue;
      const earlier = first.get(stage.name);
      if (earlier === undefined) {
        first.set(stage.name, stage.fromInstruction.range.line);
        continue;
      }
      out.push(
        findingAt(
          file,
          stage.fromInstruction,
          `stage name "${stage.name}" is already used on line ${earlier}`,
          `rename one of the two stages`,
        ),
      );
    }
    return out;
  },
};
