import type { Command } from 'commander';
import type { CliIO, RegisterCommand } from '../context.js';

/** Every command module, in the order `strata --help` lists them. */
const commands: RegisterCommand[] = [];

export function registerCommands(program: Command, io: CliIO): void {
  for (const register of commands) register(program, io);
}
