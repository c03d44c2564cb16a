import { aptInstalls, aptOptions } from '../../managers/apt.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, stageLineage } from '../../stages.js';

/** DL3015: recommended packages are often hundreds of MB nobody asked for. */
export const rule: InstructionRule = {
  meta: {
    id: 'apt-no-install-recommends',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3015',
    description: 'apt-get install should use --no-install-recommends',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, stage, file) {
    const bad = aptInstalls(ins).find((c) => !aptOptions(c).noInstallRecommends);
    if (!bad) return [];
    // A stage (or a stage it is built on) that turned recommends off in apt.conf.d.
    const lineage = stage ? stageLineage(file, stage.index) : [];
    const configured = lineage.some((s) =>
      s.instructions.some(
        (i) => i.range.line < ins.range.line && /Install-Recommends\s+"?(?:false|0)"?/i.test(i.args),
      ),
    );
    if (configured) return [];
    return [
      findingAt(
        file,
        ins,
        'apt-get install without --no-install-recommends pulls in recommended packages too',
        'add --no-install-recommends',
      ),
    ];
  },
};
