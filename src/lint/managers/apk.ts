import type { Instruction } from '../../model/dockerfile.js';
import { operands, type ShellCommand, subcommandsOf } from '../commands.js';

/** Options of `apk` whose value is the next word (apk(8)). */
const VALUE_OPTIONS = new Set([
  '-X',
  '--repository',
  '-t',
  '--virtual',
  '-p',
  '--root',
  '--keys-dir',
  '--cache-dir',
  '--arch',
  '--repositories-file',
]);

/** `apk add ...` commands of a RUN. */
export function apkAdds(ins: Instruction): ShellCommand[] {
  return subcommandsOf(ins, ['apk'], ['add'], VALUE_OPTIONS);
}

/** Package operands of `apk add`: `apk add --no-cache -t deps curl=8.5.0-r0` -> curl=8.5.0-r0. */
export function apkPackages(cmd: ShellCommand): string[] {
  return operands(cmd.args, VALUE_OPTIONS).slice(1);
}

/** A package written with a version constraint (`=`, `~`, `<`, `>`) or a local `.apk` file. */
export function apkPinned(pkg: string): boolean {
  return /[=~<>]/.test(pkg) || pkg.endsWith('.apk');
}
