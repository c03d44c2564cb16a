import type { Instruction } from '../../model/dockerfile.js';
import { operands, type ShellCommand, subcommandsOf } from '../commands.js';

/** Global and command options of zypper(8) whose value is the next word. */
const VALUE_OPTIONS = new Set([
  '-r',
  '--repo',
  '--root',
  '-R',
  '--reposd-path',
  '-C',
  '--cache-dir',
  '-t',
  '--type',
]);

/** zypper commands of a RUN with one of these subcommands (`install`/`in`, `clean`/`cc`, ...). */
export function zypperCommands(ins: Instruction, subcommands: readonly string[]): ShellCommand[] {
  return subcommandsOf(ins, ['zypper'], subcommands, VALUE_OPTIONS);
}

export const ZYPPER_INSTALL = ['install', 'in'];
export const ZYPPER_CLEAN = ['clean', 'cc'];

/** Package operands of `zypper install`. */
export function zypperPackages(cmd: ShellCommand): string[] {
  return operands(cmd.args, VALUE_OPTIONS).slice(1);
}

/** `-n`/`--non-interactive` (global), `-y`/`--no-confirm` (install). */
export function zypperNonInteractive(cmd: ShellCommand): boolean {
  return cmd.args.some((a) => ['-n', '--non-interactive', '-y', '--no-confirm'].includes(a));
}

/** A version constraint (`=`, `<`, `>`) or a local `.rpm`. */
export function zypperPinned(pkg: string): boolean {
  return /[=<>]/.test(pkg) || pkg.endsWith('.rpm');
}
