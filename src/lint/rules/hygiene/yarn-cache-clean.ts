import { cleanedAfter, type ShellCommand } from '../../commands.js';
import type { DockerfileRule, Finding } from '../../rule.js';
import { findingAt, imageStageIndexes, mountsOver, withTriggers } from '../../stages.js';

const isInstall = (c: ShellCommand) => c.name === 'yarn' && (c.args[0] === 'install' || c.args[0] === 'add');
const isClean = (c: ShellCommand) => c.name === 'yarn' && c.args[0] === 'cache' && c.args[1] === 'clean';
const CACHES = ['/root/.cache/yarn', '/usr/local/share/.cache/yarn', '/root/.yarn'];

/**
 * DL3060: `yarn install` leaves its package cache in the layer unless `yarn cache clean` follows. Only the
 * stages that end up in the image count (the last one and the stages it is built on).
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'yarn-cache-clean',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3060',
    description: 'yarn install should be followed by yarn cache clean',
  },
  scope: 'dockerfile',
  check(file) {
    const kept = imageStageIndexes(file);
    const out: Finding[] = [];
    for (const ins of withTriggers(file.instructions)) {
      if (ins.keyword !== 'RUN' || (ins.stage >= 0 && !kept.has(ins.stage))) continue;
      if (CACHES.some((d) => mountsOver(ins, d))) continue;
      if (cleanedAfter(ins, isInstall, isClean)) continue;
      out.push(
        findingAt(
          file,
          ins,
          'yarn install leaves its cache in this layer',
          'end the RUN with && yarn cache clean',
        ),
      );
    }
    return out;
  },
};
