import { operands, runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const VALUE_OPTIONS = new Set([
  '-C',
  '-o',
  '-p',
  '-mod',
  '-modfile',
  '-tags',
  '-ldflags',
  '-gcflags',
  '-exec',
]);

/** A module path with a version (`@v1.2.3`, not `@latest`), or a local package (`.`, `./cmd`, `/src`). */
function pinned(pkg: string): boolean {
  if (pkg.startsWith('.') || pkg.startsWith('/')) return true;
  const at = pkg.lastIndexOf('@');
  return at > 0 && pkg.slice(at + 1) !== 'latest';
}

/** DL3062: `go install|get|run module` without a version builds whatever is newest that day. */
export const rule: InstructionRule = {
  meta: {
    id: 'go-pin-versions',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3062',
    description: 'Pin versions in go install/get/run (module@v1.2.3)',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const loose: string[] = [];
    for (const c of runScript(ins).commands) {
      const sub = c.args[0];
      if (c.name !== 'go' || !['install', 'get', 'run'].includes(sub ?? '')) continue;
      const ops = operands(c.args.slice(1), VALUE_OPTIONS);
      const pkgs = sub === 'run' ? ops.slice(0, 1) : ops;
      loose.push(...pkgs.filter((p) => !pinned(p)));
    }
    if (loose.length === 0) return [];
    return [
      findingAt(
        file,
        ins,
        `go ${loose.length > 1 ? 'modules' : 'module'} without a version: ${loose.join(', ')}`,
        'pin a version: module@v1.2.3',
      ),
    ];
  },
};
