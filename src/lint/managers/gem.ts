import type { ShellCommand } from '../commands.js';

/** Options of `gem install` whose value is the next word (gem help install). */
const VALUE_OPTIONS = new Set([
  '-i',
  '--install-dir',
  '-n',
  '--bindir',
  '-s',
  '--source',
  '-p',
  '--http-proxy',
  '--platform',
]);

/**
 * What `gem install` / `gem i` installs: the gem names (`bundler:2.4.0` carries its version) and whether
 * `-v`/`--version` pins them. Words after an option strata does not know end the list (its value would
 * be read as a gem), as do the build options after `--`.
 */
export function gemInstall(cmd: ShellCommand): { gems: string[]; versioned: boolean } | undefined {
  if (cmd.name !== 'gem' || !['install', 'i'].includes(cmd.args[0] ?? '')) return undefined;
  const gems: string[] = [];
  let versioned = false;
  const args = cmd.args.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '-v' || a === '--version') {
      versioned = true;
      i++;
    } else if (a.startsWith('--version=')) versioned = true;
    else if (VALUE_OPTIONS.has(a)) i++;
    else if (a.startsWith('-')) {
      if (!a.includes('=')) break;
    } else gems.push(a);
  }
  return { gems, versioned };
}
