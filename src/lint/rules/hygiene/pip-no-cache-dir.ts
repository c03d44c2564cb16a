import { envDeclarations, mounts } from '../../../dockerfile/index.js';
import type { Instruction } from '../../../model/dockerfile.js';
import { hasFlag, runScript, type ShellCommand } from '../../commands.js';
import { imageInstructions } from '../../images.js';
import { inheritedState, inheritedTruthy } from '../../knowledge/image-state.js';
import { removes, scriptCommands } from '../../knowledge/run-scripts.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt, mountsOver, withTriggers } from '../../stages.js';

const PIP = /^pip(?:\d+(?:\.\d+)?)?$/;
const PYTHON = /^python(?:\d+(?:\.\d+)?)?$/;
/** An `rm` target that takes pip's cache with it: `~/.cache`, `/root/.cache/pip`, `$HOME/.cache/*`. */
const PIP_CACHE = /(?:^|\/)\.cache(?:\/pip)?\/?\*?$/;
const TRUTHY = new Set(['1', 'true', 'on', 'yes']);

/**
 * DL3042: pip keeps every downloaded wheel in ~/.cache/pip, often gigabytes for ML images. Satisfied by
 * `--no-cache-dir`, `PIP_NO_CACHE_DIR` (ENV or on the command), or a cache mount on the pip cache (the
 * BuildKit way, which also speeds up rebuilds). Only the stages that make up the image count.
 */
export const rule: ImageRule = {
  meta: {
    id: 'pip-no-cache-dir',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3042',
    description: 'pip install should use --no-cache-dir or a cache mount',
  },
  scope: 'image',
  async check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const out: Finding[] = [];
    // PIP_NO_CACHE_DIR set by a family parent or a known base counts like one set here.
    let envOff = inheritedTruthy(inheritedState(image, ctx.graph), 'PIP_NO_CACHE_DIR') !== undefined;
    for (const ins of withTriggers(imageInstructions(image))) {
      if (ins.keyword === 'ENV') {
        for (const e of envDeclarations(ins, resolved.parsed.escape)) {
          if (e.name === 'PIP_NO_CACHE_DIR') envOff = TRUTHY.has(e.value.toLowerCase());
        }
        continue;
      }
      if (ins.keyword !== 'RUN' || envOff) continue;
      if (mountsOver(ins, '/root/.cache/pip') || cachesPip(ins)) continue;
      const commands = runScript(ins).commands;
      const cleaned = commands.some(
        (c) => c.name === 'rm' && c.args.some((a) => PIP_CACHE.test(a) || a === '~/.cache'),
      );
      // `export PIP_NO_CACHE_DIR=1 && pip install ...`
      const exported = commands.some(
        (c) =>
          c.name === 'export' &&
          c.args.some((a) => TRUTHY.has(/^PIP_NO_CACHE_DIR=(.*)$/.exec(a)?.[1]?.toLowerCase() ?? '')),
      );
      const bad = exported ? undefined : commands.find((c) => isPipInstall(c) && !usesNoCache(c));
      if (!bad || cleaned || removes(await scriptCommands(image, ins, ctx), PIP_CACHE)) continue;
      out.push(
        findingAt(
          resolved.parsed,
          ins,
          'pip install keeps its download cache in the image',
          'add --no-cache-dir, or RUN --mount=type=cache,target=/root/.cache/pip',
        ),
      );
    }
    return out;
  },
};

/** A cache mount on some user's pip cache (`target=/home/app/.cache/pip`, `target=/root/.cache`). */
function cachesPip(ins: Instruction): boolean {
  return mounts(ins).some((m) => m.type === 'cache' && /\/\.cache(?:\/pip)?\/?$/.test(m.target ?? ''));
}

function isPipInstall(c: ShellCommand): boolean {
  if (PIP.test(c.name)) return c.args.find((a) => !a.startsWith('-')) === 'install';
  if (PYTHON.test(c.name)) {
    const m = c.args.indexOf('-m');
    return (
      m >= 0 &&
      PIP.test(c.args[m + 1] ?? '') &&
      c.args.slice(m + 2).find((a) => !a.startsWith('-')) === 'install'
    );
  }
  return false;
}

function usesNoCache(c: ShellCommand): boolean {
  // --no-index downloads nothing, so there is nothing to cache.
  if (hasFlag(c, '--no-cache-dir', '--no-index')) return true;
  const env = c.env.PIP_NO_CACHE_DIR;
  return env !== undefined && TRUTHY.has(env.toLowerCase());
}
