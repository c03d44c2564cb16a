import type { Finding, ImageRule } from '../../rule.js';
import { chainInstructions, finalChain, findingAt } from '../../stages.js';

/**
 * DL3025: CMD and ENTRYPOINT in shell form run under `/bin/sh -c`, so the process is not PID 1 and never
 * sees SIGTERM. Only the stages that make up the image are looked at: a builder stage's CMD never runs.
 */
export const rule: ImageRule = {
  meta: {
    id: 'json-cmd-entrypoint',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3025',
    buildkit: 'JSONArgsRecommended',
    description: 'CMD and ENTRYPOINT should use the JSON (exec) form',
  },
  scope: 'image',
  check(image) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const out: Finding[] = [];
    let customShell = false;
    for (const ins of chainInstructions(resolved.parsed, finalChain(resolved))) {
      // With a SHELL of its own the stage chose its shell on purpose (BuildKit says nothing either).
      if (ins.keyword === 'SHELL') customShell = true;
      if (customShell) continue;
      if ((ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') || ins.jsonForm || ins.args.trim() === '')
        continue;
      const json = JSON.stringify(ins.words);
      out.push(
        findingAt(
          resolved.parsed,
          ins,
          `${ins.keyword} in shell form runs under /bin/sh -c: the process does not get signals`,
          `write it as JSON: ${ins.keyword} ${json}`,
        ),
      );
    }
    return out;
  },
};
