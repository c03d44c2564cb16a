import { expand, parseImageRef, platformArgs } from '../../../dockerfile/index.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * BuildKit InvalidDefaultArgInFrom: with only the defaults of the global ARGs (no --build-arg), the FROM
 * gives an empty or invalid image name, so the Dockerfile cannot build without arguments.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    buildkit: 'InvalidDefaultArgInFrom',
    description: 'Global ARG defaults should give a valid FROM image',
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const from = ins.words[0] ?? '';
    if (!from.includes('$')) return [];
    const vars: Record<string, string> = { ...platformArgs() };
    for (const a of file.globalArgs) {
      if (a.line < ins.range.line) vars[a.name] = expand(a.value ?? '', vars, { escape: file.escape }).value;
    }
    const value = expand(from, vars, { escape: file.escape }).value;
    const stageName = file.stages.some((s) => s.name === value.toLowerCase());
    if (value === 'scratch' || stageName || (value !== '' && !value.endsWith(':') && parseImageRef(value)))
      return [];
    return [
      findingAt(
        file,
        ins,
        `Default value for ARG ${from} results in empty or invalid base image name`,
        'give the ARG a default that names an image',
      ),
    ];
  },
};
