import { mounts } from '../../../dockerfile/index.js';
import type { Instruction } from '../../../model/dockerfile.js';
import { scriptCommands } from '../../knowledge/run-scripts.js';
import { programOf, runCommands, type ShellCommand } from '../../knowledge/shell.js';
import type { Finding, ImageRule } from '../../rule.js';
import { chainStages, finalChain, findingAt, firstLine } from '../../stages.js';

interface CacheKind {
  tool: string;
  /** The command fills the cache. */
  fills(cmd: ShellCommand): boolean;
  /** The command (or its flags/env) keeps the cache out of the layer. */
  avoids(cmd: ShellCommand): boolean;
  /** A later command of the same RUN removes it. */
  cleans(cmd: ShellCommand): boolean;
  /** A cache mount target that serves it. */
  mount: RegExp;
  dir: string;
  fix: string;
}

const has = (cmd: ShellCommand, ...words: string[]) => words.some((w) => cmd.words.includes(w));
const rmOf = (cmd: ShellCommand, re: RegExp) => programOf(cmd) === 'rm' && cmd.words.some((w) => re.test(w));

/** Caches other than pip's and apt's (hadolint's DL3042 and DL3009 cover those). */
const KINDS: CacheKind[] = [
  {
    tool: 'npm',
    fills: (c) => programOf(c) === 'npm' && has(c, 'ci', 'install', 'i'),
    avoids: () => false,
    cleans: (c) => (programOf(c) === 'npm' && has(c, 'cache') && has(c, 'clean')) || rmOf(c, /\.npm/),
    mount: /\.npm|npm/,
    dir: '/root/.npm',
    fix: 'RUN --mount=type=cache,target=/root/.npm npm ci',
  },
  {
    tool: 'yarn',
    fills: (c) => programOf(c) === 'yarn' && (c.words.length === 1 || has(c, 'install')),
    avoids: () => false,
    cleans: (c) => (programOf(c) === 'yarn' && has(c, 'cache') && has(c, 'clean')) || rmOf(c, /yarn/),
    mount: /yarn/,
    dir: 'the yarn cache (/usr/local/share/.cache/yarn)',
    fix: 'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile',
  },
  {
    tool: 'pnpm',
    fills: (c) => programOf(c) === 'pnpm' && has(c, 'install', 'i'),
    avoids: () => false,
    cleans: (c) => (programOf(c) === 'pnpm' && has(c, 'store') && has(c, 'prune')) || rmOf(c, /pnpm/),
    mount: /pnpm/,
    dir: 'the pnpm store',
    fix: 'RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile',
  },
  {
    tool: 'conda',
    fills: (c) => /^(conda|mamba|micromamba)$/.test(programOf(c)) && has(c, 'install', 'create', 'update'),
    avoids: () => false,
    cleans: (c) => (/^(conda|mamba|micromamba)$/.test(programOf(c)) && has(c, 'clean')) || rmOf(c, /pkgs/),
    mount: /pkgs|conda|mamba/,
    dir: 'the conda package cache (/opt/conda/pkgs)',
    fix: 'add `&& conda clean -afy` to the same RUN, or RUN --mount=type=cache,target=/opt/conda/pkgs',
  },
  {
    tool: 'uv',
    fills: (c) => programOf(c) === 'uv' && (has(c, 'sync') || (has(c, 'pip') && has(c, 'install'))),
    avoids: (c) => has(c, '--no-cache', '-n') || c.env.UV_NO_CACHE !== undefined,
    cleans: (c) =>
      (programOf(c) === 'uv' && has(c, 'cache') && has(c, 'clean')) || rmOf(c, /\.cache\/uv|\.cache$/),
    mount: /uv|\.cache$/,
    dir: '/root/.cache/uv',
    fix: 'RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen',
  },
  {
    tool: 'poetry',
    fills: (c) => programOf(c) === 'poetry' && has(c, 'install'),
    avoids: (c) => has(c, '--no-cache'),
    cleans: (c) =>
      rmOf(c, /pypoetry|\.cache$/) || (programOf(c) === 'poetry' && has(c, 'cache') && has(c, 'clear')),
    mount: /pypoetry|\.cache$/,
    dir: '/root/.cache/pypoetry',
    fix: 'RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --no-root',
  },
  {
    tool: 'apk',
    fills: (c) => programOf(c) === 'apk' && c.words[1] === 'add',
    avoids: (c) => has(c, '--no-cache'),
    cleans: (c) => rmOf(c, /\/var\/cache\/apk/),
    mount: /\/var\/cache\/apk/,
    dir: '/var/cache/apk',
    fix: 'apk add --no-cache ..., or RUN --mount=type=cache,target=/var/cache/apk',
  },
];

function cacheMountTargets(ins: Instruction): string[] {
  return mounts(ins)
    .filter((m) => m.type === 'cache')
    .map((m) => m.target ?? '');
}

/** Package-manager caches left in a layer of the image where a cache mount (or a cleanup) would serve. */
export const rule: ImageRule = {
  meta: {
    id: 'cache-left-in-layer',
    category: 'cache',
    severity: 'warning',
    enabledByDefault: false,
    description: 'A package manager cache (npm, yarn, pnpm, conda, uv, poetry, apk) stays in an image layer',
  },
  scope: 'image',
  async check(image, ctx) {
    const r = image.resolved;
    if (!r) return [];
    const out: Finding[] = [];
    for (const stage of chainStages(r.parsed, finalChain(r))) {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const commands = runCommands(ins);
        const mounts = cacheMountTargets(ins);
        for (const kind of KINDS) {
          const i = commands.findIndex(kind.fills);
          if (i < 0) continue;
          const cmd = commands[i]!;
          if (kind.avoids(cmd) || commands.slice(i + 1).some(kind.cleans)) continue;
          if (mounts.some((t) => kind.mount.test(t))) continue;
          if ((await scriptCommands(image, ins, ctx)).some(kind.cleans)) continue;
          out.push(
            findingAt(
              r.parsed,
              firstLine(ins),
              `\`${cmd.words.slice(0, 2).join(' ')}\` leaves ${kind.dir} in the image layer: it adds size and is thrown away on every rebuild`,
              `use a BuildKit cache mount (${kind.fix}) or clean the cache in the same RUN`,
            ),
          );
        }
      }
    }
    return out;
  },
};
