import type { Command } from 'commander';
import type { CliIO, RegisterCommand } from '../context.js';
import { register as bake } from './bake.js';
import { register as build } from './build.js';
import { register as docs } from './docs.js';
import { register as doctor } from './doctor.js';
import { register as graph } from './graph.js';
import { register as history } from './history.js';
import { register as lint } from './lint.js';
import { register as plan } from './plan.js';
import { register as report } from './report.js';
import { register as scan } from './scan.js';
import { register as verify } from './verify.js';

/** Every command module, in the order `strata --help` lists them. */
const commands: RegisterCommand[] = [
  scan,
  graph,
  lint,
  plan,
  build,
  verify,
  bake,
  history,
  report,
  docs,
  doctor,
];

export function registerCommands(program: Command, io: CliIO): void {
  for (const register of commands) register(program, io);
}
