import path from 'node:path';
import { mounts } from '../../../dockerfile/index.js';
import { inheritedState } from '../../knowledge/image-state.js';
import { imageInstalls } from '../../knowledge/installs.js';
import type { Finding, ImageRule } from '../../rule.js';
import { firstLine } from '../../stages.js';

/** The variable that moves each tool's download cache, and the folder the cache is in without it. */
const TOOLS = [
  { variable: 'PIP_CACHE_DIR', tool: 'pip', fallback: /\/\.cache(\/pip)?\/?$/ },
  { variable: 'UV_CACHE_DIR', tool: 'uv', fallback: /\/\.cache(\/uv)?\/?$/ },
] as const;

const inside = (dir: string, mount: string): boolean => {
  const rel = path.posix.relative(path.posix.resolve('/', mount), path.posix.resolve('/', dir));
  return rel === '' || (!rel.startsWith('..') && !path.posix.isAbsolute(rel));
};

/**
 * `RUN --mount=type=cache,target=/root/.cache/pip pip install ...` while the image (or its base) sets
 * `PIP_CACHE_DIR=/workspace/.cache/pip` (or `UV_CACHE_DIR` for uv): the tool writes its cache where the
 * variable says, into the layer, and the mount stays empty. The finding names where the variable was set.
 */
export const rule: ImageRule = {
  meta: {
    id: 'cache-mount-bypassed',
    category: 'cache',
    severity: 'warning',
    enabledByDefault: true,
    description:
      'A cache mount on pip or uv cache is bypassed by PIP_CACHE_DIR / UV_CACHE_DIR pointing elsewhere',
  },
  scope: 'image',
  async check(image, ctx) {
    // Most images have no cache mount at all: nothing to compare, and no install walk to pay for.
    const r = image.resolved;
    const hasCacheMount = r?.parsed.instructions.some(
      (i) =>
        i.keyword === 'RUN' && i.flags.some((f) => f.name === 'mount' && /type=cache/.test(String(f.value))),
    );
    if (!hasCacheMount) return [];
    const installs = await imageInstalls(image, ctx);
    if (!installs) return [];
    const inherited = inheritedState(image, ctx.graph).env;
    const out: Finding[] = [];
    const seen = new Set<unknown>();
    for (const call of installs.own) {
      if (call.manager !== 'pip' || !call.pip || seen.has(call.instruction)) continue;
      const tool = TOOLS.find((t) => (t.tool === 'uv') === call.pip!.uv);
      const dir = tool && call.vars[tool.variable];
      if (!tool || !dir) continue;
      const targets = mounts(call.instruction)
        .filter((m) => m.type === 'cache' && m.target)
        .map((m) => m.target!);
      const aimed = targets.filter((t) => tool.fallback.test(t));
      if (aimed.length === 0 || targets.some((t) => inside(dir, t))) continue;
      seen.add(call.instruction);
      const from =
        inherited[tool.variable]?.value === dir ? ` (set by ${inherited[tool.variable]!.from})` : '';
      out.push({
        message: `the cache mount on ${aimed[0]} is never used: ${tool.variable}=${dir}${from} sends ${tool.tool}'s cache into the layer instead`,
        file: call.dockerfile,
        range: firstLine(call.instruction),
        fix: `mount the cache on ${dir} (--mount=type=cache,target=${dir}), or unset ${tool.variable} for this RUN`,
      });
    }
    return out;
  },
};
