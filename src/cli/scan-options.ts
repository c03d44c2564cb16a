import { type Command, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import type { ScanOptions } from '../scan.js';

/** What the variable options give a command. */
export interface VariableFlags {
  set?: string[];
  envFile?: string[];
  ignoreEnv?: boolean;
}

/**
 * The options that decide the values of bake and compose variables, the same on every command that
 * reads the repository: `--set VAR=value`, `--env-file FILE`, `--ignore-env`.
 */
export function addVariableOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--set <VAR=value...>',
        'pin a bake/compose variable (wins over the environment and defaults)',
      ),
    )
    .addOption(new Option('--env-file <file...>', 'pin the variables of a KEY=value file, like --set'))
    .option('--ignore-env', 'do not read variables from the environment: defaults and pinned values only');
}

/** The ScanOptions the variable options stand for; the process environment unless --ignore-env. */
export function variableScanOptions(flags: VariableFlags, env: NodeJS.ProcessEnv = process.env): ScanOptions {
  const set: Record<string, string> = {};
  for (const pair of flags.set ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected VAR=value`, 'for example --set TAG=1.2');
    set[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    ...(flags.ignoreEnv ? {} : { env }),
    ...(Object.keys(set).length > 0 ? { set } : {}),
    ...(flags.envFile ? { envFiles: flags.envFile } : {}),
  };
}
