import { platformArgs } from '../../../dockerfile/index.js';
import type { Finding, InstructionRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';
import { suggestName, variableRefs } from '../../variables.js';

const PLATFORM_ARGS = Object.keys(platformArgs());

/** BuildKit UndefinedArgInFrom: a FROM may use only ARGs declared before the first FROM (and platform ARGs). */
export const rule: InstructionRule = {
  meta: {
    id: 'undefined-arg-in-from',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'UndefinedArgInFrom',
    description: 'FROM must use declared ARGs',
  },
  scope: 'instruction',
  keywords: ['FROM'],
  check(ins, _stage, file) {
    const declared = file.globalArgs.filter((a) => a.line < ins.range.line).map((a) => a.name);
    const known = new Set([...declared, ...PLATFORM_ARGS]);
    const platform = flagValue(ins, 'platform');
    const text = `${typeof platform === 'string' ? platform : ''} ${ins.words[0] ?? ''}`;
    const out: Finding[] = [];
    const reported = new Set<string>();
    for (const ref of variableRefs(text, file.escape)) {
      if (known.has(ref.name) || reported.has(ref.name)) continue;
      reported.add(ref.name);
      const near = suggestName(ref.name, known);
      out.push(
        findingAt(
          file,
          ins,
          `FROM argument '${ref.name}' is not declared${near ? ` (did you mean ${near}?)` : ''}`,
          `declare ARG ${ref.name} before the first FROM`,
        ),
      );
    }
    return out;
  },
};
