import type { Instruction } from '../../model/dockerfile.js';
import { operands, type ShellCommand, subcommandsOf } from '../commands.js';

/** Options of `npm install` whose value is the next word. */
const VALUE_OPTIONS = new Set([
  '--registry',
  '--loglevel',
  '--prefix',
  '--cache',
  '--tag',
  '--userconfig',
  '-w',
  '--workspace',
]);

/** `npm install|i|add ...` commands of a RUN. */
export function npmInstalls(ins: Instruction): ShellCommand[] {
  return subcommandsOf(ins, ['npm'], ['install', 'i', 'add'], VALUE_OPTIONS);
}

/** Package operands: `npm install -g express@4 sax` -> express@4, sax. */
export function npmPackages(cmd: ShellCommand): string[] {
  return operands(cmd.args, VALUE_OPTIONS).slice(1);
}

/**
 * A package given with a version (`express@4.1.1`, `@org/pkg@>=1`), a git ref (`git+https://...#v1`), or
 * a local folder or tarball, which carry their own version.
 */
export function npmPinned(pkg: string): boolean {
  if (/^(?:\.{0,2}\/|~\/)/.test(pkg) || /\.(?:tar|tar\.gz|tgz)$/.test(pkg)) return true;
  if (/^git(?:\+[a-z]+)?:\/\//.test(pkg)) return pkg.includes('#');
  const at = pkg.lastIndexOf('@');
  return at > 0;
}
