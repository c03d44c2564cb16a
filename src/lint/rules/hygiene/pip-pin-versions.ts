import { operands, runScript } from '../../commands.js';
import { parsePipInstall } from '../../knowledge/package-commands.js';
import type { Requirement } from '../../knowledge/requirements.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const PIPX_VALUE_OPTIONS = new Set(['--python', '--pip-args', '--index-url', '--suffix', '--spec']);

/** A requirement that names its version: a specifier, a VCS ref, an archive or a local path. */
function pinned(r: Requirement): boolean {
  if (r.specifier || r.path !== undefined) return true;
  if (/\.(?:whl|zip|tar\.gz|tgz|tar\.bz2)$/.test(r.text) || r.text.includes('/')) {
    if (!r.url || !/^git\+/.test(r.url)) return true;
  }
  return (
    r.url !== undefined &&
    /^git\+/.test(r.url) &&
    /\.git@|@[^/]+(?:#|$)/.test(r.url.replace(/^git\+\w+:\/\/[^@/]*@/, ''))
  );
}

/** DL3013: `pip install pkg` without a version installs whatever is newest on the day of the build. */
export const rule: InstructionRule = {
  meta: {
    id: 'pip-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3013',
    description: 'Pin versions in pip install (pkg==1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose: string[] = [];
    for (const c of runScript(ins).commands) {
      if (c.name === 'pipx' && c.args[0] === 'install') {
        for (const p of operands(c.args.slice(1), PIPX_VALUE_OPTIONS)) if (!/[=<>~!]/.test(p)) loose.push(p);
        continue;
      }
      const pip = parsePipInstall(c);
      if (!pip || pip.constraintFiles.length > 0) continue;
      for (const r of pip.requirements) if (!pinned(r)) loose.push(r.text);
    }
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `pip install without a version: ${loose.join(', ')}`,
        'pin each package (pkg==1.2.3) or install from a requirements or constraints file',
      ),
    ];
  },
};
