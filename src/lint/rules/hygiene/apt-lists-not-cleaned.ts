import type { Instruction } from '../../../model/dockerfile.js';
import { runScript } from '../../commands.js';
import { imageInstructions } from '../../images.js';
import { removes, scriptCommands } from '../../knowledge/run-scripts.js';
import { subcommand } from '../../managers/apt.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt, mountsOver, withTriggers } from '../../stages.js';

/**
 * DL3009: `apt-get update` leaves ~40 MB of package lists in the layer. Only the stages that make up the
 * image count (a builder stage's lists never ship), and a cache or tmpfs mount on /var/lib/apt keeps them
 * out of the layer.
 */
export const rule: ImageRule = {
  meta: {
    id: 'apt-lists-not-cleaned',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3009',
    description: 'Delete /var/lib/apt/lists after apt-get update, in the same RUN',
  },
  scope: 'image',
  async check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const out: Finding[] = [];
    const file = resolved.parsed;
    // `rm /etc/apt/apt.conf.d/docker-clean` keeps downloaded .deb files in /var/cache/apt.
    const keepsDebs = file.instructions.some(
      (i) => (i.onbuild ?? i).keyword === 'RUN' && /docker-clean/.test((i.onbuild ?? i).args),
    );
    const triggers = file.instructions.filter((i) => i.onbuild).map((i) => i.onbuild as Instruction);
    for (const ins of new Set([...withTriggers(imageInstructions(image)), ...triggers])) {
      if (ins.keyword !== 'RUN') continue;
      const commands = runScript(ins).commands;
      const updates = commands.some((c) => APT.includes(c.name) && subcommand(c) === 'update');
      if (!updates) continue;
      const listsMounted = mountsOver(ins, '/var/lib/apt/lists');
      if (listsMounted && (!keepsDebs || mountsOver(ins, '/var/cache/apt'))) continue;
      const cleaned = commands.some(
        (c) => c.name === 'rm' && c.args.some((a) => a.replace(/\/+$/, '').startsWith('/var/lib/apt/lists')),
      );
      if (cleaned || removes(await scriptCommands(image, ins, ctx), /^\/var\/lib\/apt\/lists/)) continue;
      out.push(
        findingAt(
          file,
          ins,
          'apt-get update leaves the package lists in this layer',
          'end the RUN with && rm -rf /var/lib/apt/lists/* (or mount caches on /var/lib/apt and /var/cache/apt)',
        ),
      );
    }
    return out;
  },
};

const APT = ['apt-get', 'apt', 'aptitude'];
