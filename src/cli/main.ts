import { Command, CommanderError } from 'commander';
import { isStrataError } from '../model/errors.js';
import { STRATA_VERSION } from '../version.js';
import { registerCommands } from './commands/index.js';
import type { CliIO } from './context.js';
import { colors, write } from './output.js';

export function createIO(
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): CliIO {
  const isTTY = Boolean((stdout as NodeJS.WriteStream).isTTY);
  const force = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const color = force || (isTTY && process.env.NO_COLOR === undefined);
  return { stdout, stderr, isTTY, color, ci: process.env.CI === 'true', exitCode: 0 };
}

export function createProgram(io: CliIO): Command {
  const program = new Command('strata')
    .description('Scan, lint, plan and build the Docker image family of a repository.')
    .version(STRATA_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  registerCommands(program, io);
  return program;
}

/**
 * The one boundary between the library and the terminal: runs a command and turns every error into
 * one line and an exit code. Known errors (StrataError) never print a stack.
 */
export async function main(argv: string[], io: CliIO = createIO()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(argv);
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? 0 : 2;
    }
    const c = colors(io);
    if (isStrataError(e)) {
      const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
      write(io.stderr, `${c.red('error')} ${c.dim(e.code)} ${where}${e.message}`);
      if (e.hint) write(io.stderr, `    ${c.dim(`hint: ${e.hint}`)}`);
      return e.exitCode;
    }
    write(io.stderr, `${c.red('internal error')} ${(e as Error)?.stack ?? String(e)}`);
    write(io.stderr, '    this is a bug in strata; please report it with the command you ran');
    return 70;
  }
}
