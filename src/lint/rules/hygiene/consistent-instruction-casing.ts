import type { DockerfileRule, Finding } from '../../rule.js';
import { findingAt, keywordAsWritten } from '../../stages.js';

/**
 * BuildKit ConsistentInstructionCasing: instructions written all upper-case or all lower-case, the way
 * most of the file writes them (a tie counts as upper-case); a mixed `From` always warns.
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'consistent-instruction-casing',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    buildkit: 'ConsistentInstructionCasing',
    description: 'All instructions should use the same casing (upper or lower)',
  },
  scope: 'dockerfile',
  check(file) {
    const written = file.instructions.map((i) => ({ ins: i, kw: keywordAsWritten(i) }));
    let upper = 0;
    let lower = 0;
    for (const { kw } of written) {
      if (kw === kw.toUpperCase()) upper++;
      else if (kw === kw.toLowerCase()) lower++;
    }
    const majority = lower > upper ? 'lowercase' : 'uppercase';
    const out: Finding[] = [];
    for (const { ins, kw } of written) {
      const ok = majority === 'uppercase' ? kw === kw.toUpperCase() : kw === kw.toLowerCase();
      if (!ok) {
        out.push(
          findingAt(
            file,
            ins,
            `Command '${kw}' should match the case of the command majority (${majority})`,
            `write ${majority === 'uppercase' ? kw.toUpperCase() : kw.toLowerCase()}`,
          ),
        );
      }
    }
    return out;
  },
};
