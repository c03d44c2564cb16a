import { labelPairs } from '../../../dockerfile/index.js';
import { labelSchema } from '../../knowledge/label-schema.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3051: a label the `label-schema` names is set to an empty value. */
export const rule: InstructionRule = {
  meta: {
    id: 'label-empty',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3051',
    description: 'A label of the label schema must not be empty',
  },
  scope: 'instruction',
  keywords: ['LABEL'],
  check(ins, _stage, file, ctx) {
    const { schema } = labelSchema(ctx, this.meta.id);
    const empty = Object.entries(labelPairs(ins, file.escape)).filter(
      ([k, v]) => k in schema && v.trim() === '',
    );
    return empty.map(([k]) => findingAt(file, ins, `label ${k} is empty`, `give ${k} a value`));
  },
};
