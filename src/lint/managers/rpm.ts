import type { Instruction } from '../../model/dockerfile.js';
import { operands, type ShellCommand, subcommandsOf } from '../commands.js';

/** yum, dnf and microdnf: one command family, one reader (yum(8), dnf(8), microdnf(8)). */
export type RpmTool = 'yum' | 'dnf' | 'microdnf';

const VALUE_OPTIONS = new Set([
  '-c',
  '--config',
  '-d',
  '--debuglevel',
  '-e',
  '--errorlevel',
  '-R',
  '--randomwait',
  '-x',
  '--exclude',
  '--installroot',
  '--releasever',
  '--setopt',
  '--enablerepo',
  '--disablerepo',
  '--repo',
  '--repoid',
  '--forcearch',
]);

const INSTALLS = ['install', 'in', 'groupinstall', 'localinstall', 'module', 'group'];

/** `yum install` (and `groupinstall`, `localinstall`, `module install`) commands of a RUN. */
export function rpmInstalls(ins: Instruction, tools: readonly RpmTool[]): ShellCommand[] {
  return subcommandsOf(ins, tools, INSTALLS, VALUE_OPTIONS).filter((c) => {
    const ops = operands(c.args, VALUE_OPTIONS);
    return (ops[0] !== 'module' && ops[0] !== 'group') || ops[1] === 'install';
  });
}

/**
 * Package operands of an install: `yum module install -y nodejs:18` -> nodejs:18 (module streams);
 * group installs name groups, not packages, and give none.
 */
export function rpmPackages(cmd: ShellCommand): { packages: string[]; module: boolean } {
  const ops = operands(cmd.args, VALUE_OPTIONS);
  if (ops[0] === 'group' || ops[0] === 'groupinstall') return { packages: [], module: false };
  const module = ops[0] === 'module';
  return { packages: ops.slice(module ? 2 : 1), module };
}

/** Commands of `tools` with one of these subcommands (`dnf -y upgrade`). */
export function rpmCommands(
  ins: Instruction,
  tools: readonly RpmTool[],
  subcommands: readonly string[],
): ShellCommand[] {
  return subcommandsOf(ins, tools, subcommands, VALUE_OPTIONS);
}

/** `-y` / `--assumeyes` (also bundled, `-qy`). */
export function rpmAssumesYes(cmd: ShellCommand): boolean {
  return cmd.args.some((a) => a === '--assumeyes' || /^-[A-Za-z]*y[A-Za-z]*$/.test(a));
}

/** `yum clean all` / `dnf clean all` (or any `clean` subcommand) run by one of `tools`. */
export function isRpmClean(cmd: ShellCommand, tools: readonly RpmTool[]): boolean {
  return tools.includes(cmd.name as RpmTool) && operands(cmd.args, VALUE_OPTIONS)[0] === 'clean';
}

/** `name-version` (`httpd-2.4.24`, `openssl-1:1.1.1k`), `name:stream` for modules, or a local `.rpm`. */
export function rpmPinned(pkg: string, module: boolean): boolean {
  if (pkg.endsWith('.rpm') || pkg.includes('$')) return true;
  return module ? pkg.includes(':') : /-\d/.test(pkg);
}
