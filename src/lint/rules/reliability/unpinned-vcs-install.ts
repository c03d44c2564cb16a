import { finding, packageFinding } from '../../knowledge/findings.js';
import { imageInstalls } from '../../knowledge/installs.js';
import { runCommands, type ShellCommand } from '../../knowledge/shell.js';
import type { Finding, ImageRule } from '../../rule.js';
import { firstLine } from '../../stages.js';

const BRANCHES = new Set([
  'main',
  'master',
  'develop',
  'dev',
  'trunk',
  'head',
  'latest',
  'nightly',
  'stable',
]);

/** A ref that names one commit for good: a commit hash, or a tag-like name with a digit (`v0.7.4`, `1.2`). */
export function isPinnedRef(ref: string | undefined): boolean {
  if (!ref) return false;
  const r = ref.toLowerCase();
  if (BRANCHES.has(r) || r.startsWith('refs/heads/')) return false;
  return /^[0-9a-f]{7,40}$/.test(r) || /\d/.test(r);
}

/** The ref of a pip VCS or archive URL; undefined when it names none. */
export function urlRef(url: string): { vcs: boolean; ref?: string } {
  const clean = url.split('#')[0]!;
  if (/^[a-z]+\+/i.test(clean)) {
    const at = /@([^/@]+)$/.exec(clean.replace(/^[a-z]+\+[a-z]+:\/\/[^/]*@/i, ''));
    return { vcs: true, ref: at?.[1] };
  }
  const archive = /\/archive\/(?:refs\/(?:heads|tags)\/)?([^/]+?)\.(?:zip|tar\.gz|tgz)$/.exec(clean);
  if (archive) return { vcs: true, ref: /refs\/heads\//.test(clean) ? 'main' : archive[1] };
  return { vcs: false };
}

function cloneRef(clone: ShellCommand, later: ShellCommand[]): string | undefined {
  const w = clone.words;
  const b = w.findIndex((x) => x === '-b' || x === '--branch');
  if (b >= 0) return w[b + 1];
  const eq = w.find((x) => x.startsWith('--branch='));
  if (eq) return eq.slice('--branch='.length);
  for (const cmd of later) {
    if (cmd.words[0] !== 'git') continue;
    const sub = cmd.words.findIndex((x) => x === 'checkout' || x === 'reset' || x === 'switch');
    if (sub < 0) continue;
    const ref = cmd.words.slice(sub + 1).find((x) => !x.startsWith('-'));
    if (ref) return ref;
  }
  return undefined;
}

/** `pip install git+https://...` with no commit or tag, and `git clone` with no checkout: builds drift. */
export const rule: ImageRule = {
  meta: {
    id: 'unpinned-vcs-install',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: false,
    description: 'A git or URL install, or a git clone, does not pin a commit or tag',
  },
  scope: 'image',
  async check(image, ctx) {
    const installs = await imageInstalls(image, ctx);
    const r = image.resolved;
    if (!installs || !r) return [];
    const out: Finding[] = [];
    for (const call of installs.own) {
      for (const pkg of call.packages) {
        if (!pkg.url) continue;
        const { vcs, ref } = urlRef(pkg.url);
        if (!vcs || isPinnedRef(ref)) continue;
        out.push(
          packageFinding(
            call,
            pkg,
            `${pkg.url} is installed from ${ref ? `branch ${ref}` : 'the default branch'}: each build gets whatever was pushed last`,
            'pin a tag or commit: git+https://...@<tag or sha>',
          ),
        );
      }
    }
    const stages = new Set(r.stages.filter((s) => s.needed).map((s) => s.index));
    for (const stage of r.parsed.stages) {
      if (!stages.has(stage.index)) continue;
      const runs = stage.instructions.filter((i) => i.keyword === 'RUN');
      runs.forEach((ins, n) => {
        const commands = runCommands(ins);
        commands.forEach((cmd, i) => {
          if (cmd.words[0] !== 'git' || cmd.words[1] !== 'clone') return;
          const later = [...commands.slice(i + 1), ...runs.slice(n + 1).flatMap(runCommands)];
          const ref = cloneRef(cmd, later);
          if (isPinnedRef(ref)) return;
          const url = cmd.words.slice(2).find((w) => /:\/\/|^git@/.test(w)) ?? 'a repository';
          out.push(
            finding(
              r.parsed.file,
              firstLine(ins),
              `git clone of ${url} ${ref ? `checks out branch ${ref}` : 'takes the default branch'}: each build gets whatever was pushed last, and the cached layer never sees new commits`,
              'clone a tag (`git clone --depth 1 --branch v1.2.3 URL`) or `git checkout <sha>` right after the clone',
            ),
          );
        });
      });
    }
    return out;
  },
};
