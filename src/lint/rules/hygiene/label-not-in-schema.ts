import { labelPairs } from '../../../dockerfile/index.js';
import { labelSchema } from '../../knowledge/label-schema.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3050: with `strict-labels`, only the labels of the `label-schema` may be set. */
export const rule: InstructionRule = {
  meta: {
    id: 'label-not-in-schema',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3050',
    description: 'With strict labels, a label must be in the label schema',
  },
  scope: 'instruction',
  keywords: ['LABEL'],
  check(ins, _stage, file, ctx) {
    const { schema, strict } = labelSchema(ctx, this.meta.id);
    if (!strict) return [];
    const extra = Object.keys(labelPairs(ins, file.escape)).filter((k) => !(k in schema));
    return extra.map((k) =>
      findingAt(file, ins, `label ${k} is not in the label schema`, 'add it to label-schema or remove it'),
    );
  },
};
