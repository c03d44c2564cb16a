import type { DockerfileRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3061: only ARG (and parser directives and comments) may come before the first FROM. Fragments are
 * still linted; this rule is what reports that the FROM is missing.
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'instruction-before-from',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3061',
    description: 'A Dockerfile must begin with FROM (only ARG may come before it)',
    supersedes: ['STRATA_DF_BEFORE_FROM'],
  },
  scope: 'dockerfile',
  check(file) {
    const first = file.instructions.find((i) => i.keyword !== 'ARG');
    if (!first || first.keyword === 'FROM') return [];
    return [
      findingAt(
        file,
        first,
        file.stages.length === 0
          ? `${first.keyword} with no FROM: the Dockerfile has no base image`
          : `${first.keyword} comes before the first FROM`,
        'start the Dockerfile with FROM (ARG lines may come before it)',
      ),
    ];
  },
};
