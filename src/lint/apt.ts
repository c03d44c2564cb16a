import type { Instruction } from '../model/dockerfile.js';
import { runScript, type ShellCommand } from './commands.js';

/** `apt-get install ...` (and `apt install`, `aptitude install`) commands of a RUN. */
export function aptInstalls(ins: Instruction, tools: string[] = ['apt-get']): ShellCommand[] {
  return runScript(ins).commands.filter((c) => tools.includes(c.name) && subcommand(c) === 'install');
}

/** The first operand: `apt-get -q update` -> update. Skips the values of `-o X=Y` and `-t release`. */
export function subcommand(cmd: ShellCommand): string | undefined {
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (a === '-o' || a === '-t' || a === '-c' || a === '--option' || a === '--target-release') {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** Package operands after `install`: `apt-get install -y curl=7.88* git` -> curl=7.88*, git. */
export function aptPackages(cmd: ShellCommand): string[] {
  const out: string[] = [];
  let seenInstall = false;
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (a === '-o' || a === '-t' || a === '-c' || a === '--option' || a === '--target-release') {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (!seenInstall) {
      seenInstall = a === 'install';
      continue;
    }
    out.push(a);
  }
  return out;
}
