import type { Instruction } from '../../model/dockerfile.js';
import { runScript, type ShellCommand } from '../commands.js';

/** `apt-get install ...` (and `apt install`, `aptitude install`) commands of a RUN. */
export function aptInstalls(ins: Instruction, tools: string[] = ['apt-get']): ShellCommand[] {
  return runScript(ins).commands.filter((c) => tools.includes(c.name) && subcommand(c) === 'install');
}

/** Options of apt-get and apt whose value is the next word (`-o X=Y`, `-t release`). */
const VALUE_OPTIONS = new Set(['-o', '-t', '-c', '--option', '--target-release']);

/** The words that are not options nor option values: `apt-get -o X=Y install -y curl` -> install, curl. */
function operands(cmd: ShellCommand): string[] {
  const out: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

/** The first operand: `apt-get -q update` -> update. Skips the values of `-o X=Y` and `-t release`. */
export function subcommand(cmd: ShellCommand): string | undefined {
  return operands(cmd)[0];
}

/** Package operands after `install`: `apt-get install -y curl=7.88* git` -> curl=7.88*, git. */
export function aptPackages(cmd: ShellCommand): string[] {
  const ops = operands(cmd);
  const install = ops.indexOf('install');
  return install < 0 ? [] : ops.slice(install + 1);
}

/** What the options of one apt-get/apt command say, read as apt reads them. */
export interface AptOptions {
  /** `-y`, `--yes`, `--assume-yes`, `--force-yes`, `-o APT::Get::Assume-Yes=true`. */
  yes: boolean;
  /** Quiet level: each `-q` (also bundled, `-qq`) adds one; `-q=N` / `--quiet=N` sets it. */
  quiet: number;
  /** `--no-install-recommends` or `-o APT::Install-Recommends=false`. */
  noInstallRecommends: boolean;
  /** `-o Key=Value` settings (also `-oKey=Value`, `--option Key=Value`). */
  settings: Record<string, string>;
}

const FALSE = /^(?:false|0|no|off)$/i;

/**
 * Reads the options of an apt-get/apt command: bundled short options (`-qy`), repeated ones
 * (`-q -q`), `=N` values and `-o Key=Value` settings. Source: apt-get(8) and apt.conf(5).
 */
export function aptOptions(cmd: ShellCommand): AptOptions {
  const out: AptOptions = { yes: false, quiet: 0, noInstallRecommends: false, settings: {} };
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    let setting: string | undefined;
    if (a === '-o' || a === '--option') setting = args[++i];
    else if (a.startsWith('--option=')) setting = a.slice('--option='.length);
    else if (/^-o[^-]/.test(a)) setting = a.slice(2);
    else if (a === '-t' || a === '-c' || a === '--target-release') i++;
    else if (a === '--yes' || a === '--assume-yes' || a === '--force-yes') out.yes = true;
    else if (a === '--no-install-recommends') out.noInstallRecommends = true;
    else if (a === '--quiet') out.quiet++;
    else if (/^(?:-q|--quiet)=\d+$/.test(a)) out.quiet = Number(a.split('=')[1]);
    else if (/^-[A-Za-z]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === 'y') out.yes = true;
        else if (ch === 'q') out.quiet++;
      }
    }
    if (setting !== undefined) {
      const eq = setting.indexOf('=');
      if (eq > 0) out.settings[setting.slice(0, eq)] = setting.slice(eq + 1);
    }
  }
  for (const [key, value] of Object.entries(out.settings)) {
    const k = key.toLowerCase();
    if (k === 'apt::get::assume-yes' && !FALSE.test(value)) out.yes = true;
    if (k === 'apt::install-recommends' && FALSE.test(value)) out.noInstallRecommends = true;
    if (k === 'quiet' && /^\d+$/.test(value)) out.quiet = Number(value);
  }
  return out;
}
