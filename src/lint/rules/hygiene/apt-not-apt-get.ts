import { runScript } from '../../commands.js';
import { subcommand } from '../../managers/apt.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const SCRIPTED = new Set([
  'install',
  'update',
  'upgrade',
  'full-upgrade',
  'dist-upgrade',
  'remove',
  'purge',
  'autoremove',
]);

/** DL3027: `apt` is for people at a terminal; its output and interface are not stable for scripts. */
export const rule: InstructionRule = {
  meta: {
    id: 'apt-not-apt-get',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3027',
    description: 'Use apt-get or apt-cache, not apt, in scripts',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const apt = runScript(ins).commands.find((c) => c.name === 'apt' && SCRIPTED.has(subcommand(c) ?? ''));
    if (!apt) return [];
    const sub = subcommand(apt)!;
    return [findingAt(file, ins, `apt ${sub} in a Dockerfile`, `use apt-get ${sub}`)];
  },
};
