import { runScript } from '../../commands.js';
import type { Finding, StageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL4001: wget and curl in one stage: two tools (and their dependencies) for one job. */
export const rule: StageRule = {
  meta: {
    id: 'wget-and-curl',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL4001',
    description: 'Use either wget or curl in a stage, not both',
  },
  scope: 'stage',
  check(stage, file) {
    const seen = new Set<string>();
    const out: Finding[] = [];
    for (const ins of stage.instructions) {
      if ((ins.onbuild ?? ins).keyword !== 'RUN') continue;
      const tools = runScript(ins.onbuild ?? ins)
        .commands.map((c) => c.name)
        .filter((n) => n === 'wget' || n === 'curl');
      for (const t of tools) seen.add(t);
      if (tools.length > 0 && seen.size === 2) {
        out.push(
          findingAt(
            file,
            ins,
            'wget and curl are both used in this stage',
            'use one of them for every download',
          ),
        );
      }
    }
    return out;
  },
};
