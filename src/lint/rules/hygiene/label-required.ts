import { labelPairs } from '../../../dockerfile/index.js';
import { labelSchema } from '../../knowledge/label-schema.js';
import type { DockerfileRule, Finding } from '../../rule.js';
import { findingAt, flagValue, stageLineage } from '../../stages.js';

/**
 * DL3049: every label of the `label-schema` must be set in each stage that is an image of its own (a
 * stage no other stage is built FROM or copies from), by itself or a stage it is built on.
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'label-required',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3049',
    description: 'Every label of the label schema must be set',
  },
  scope: 'dockerfile',
  check(file, ctx) {
    const { schema } = labelSchema(ctx, this.meta.id);
    const required = Object.keys(schema);
    if (required.length === 0) return [];
    const used = new Set<string>();
    for (const s of file.stages) {
      used.add(s.from.toLowerCase());
      for (const i of s.instructions) {
        const from = flagValue(i, 'from');
        if (i.keyword === 'COPY' && typeof from === 'string') used.add(from.toLowerCase());
      }
    }
    const out: Finding[] = [];
    for (const stage of file.stages) {
      if ((stage.name && used.has(stage.name)) || used.has(String(stage.index))) continue;
      const set = new Set<string>();
      for (const s of stageLineage(file, stage.index))
        for (const i of s.instructions) for (const k of Object.keys(labelPairs(i, file.escape))) set.add(k);
      const missing = required.filter((k) => !set.has(k));
      if (missing.length > 0) {
        out.push(
          findingAt(
            file,
            stage.fromInstruction,
            `missing label ${missing.join(', ')}`,
            `set LABEL ${missing[0]}=...`,
          ),
        );
      }
    }
    return out;
  },
};
