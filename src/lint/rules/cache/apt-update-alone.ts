import { isPackageIndexUpdate, parseSystemInstall } from '../../knowledge/package-commands.js';
import { runCommands } from '../../knowledge/shell.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt, firstLine } from '../../stages.js';

/** `RUN apt-get update` alone: its layer is cached for months while the install below changes. */
export const rule: InstructionRule = {
  meta: {
    id: 'cache-apt-update-alone',
    category: 'cache',
    severity: 'warning',
    enabledByDefault: false,
    description: 'apt-get update runs in a layer of its own, apart from the install that needs it',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const commands = runCommands(ins);
    const update = commands.find(isPackageIndexUpdate);
    if (!update || commands.some((c) => parseSystemInstall(c) !== undefined)) return [];
    const tool = update.words[0] ?? 'apt-get';
    return [
      findingAt(
        file,
        firstLine(ins),
        `\`${tool} update\` runs without an install in the same RUN: its cached layer keeps stale package lists, so a later install fails with 404s or installs old versions`,
        `update and install in one RUN: \`RUN ${tool} update && ${tool === 'apk' ? 'apk add ...' : `${tool} install -y ... && rm -rf /var/lib/apt/lists/*`}\``,
      ),
    ];
  },
};
