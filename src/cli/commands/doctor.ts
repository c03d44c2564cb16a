import { runDoctor } from '../../engine/doctor.js';
import type { RegisterCommand } from '../context.js';
import { colors, installEngineDebug, printJson, write } from '../output.js';

export const register: RegisterCommand = (program, io) => {
  program
    .command('doctor')
    .description(
      'check the Docker engine: reachable, versions, BuildKit, buildx, disk used by images and cache',
    )
    .option('--json', 'print the report as JSON')
    .option('--context <name>', 'docker context to check (DOCKER_HOST is honoured too)')
    .option('--builder <name>', 'buildx builder to report')
    .action(async (opts: { json?: boolean; context?: string; builder?: string }) => {
      installEngineDebug(io);
      const report = await runDoctor({
        ...(opts.context ? { context: opts.context } : {}),
        ...(opts.builder ? { builder: opts.builder } : {}),
      });
      io.exitCode = report.info.reachable ? 0 : 1;
      if (opts.json) {
        printJson(io, report);
        return;
      }
      const c = colors(io);
      const mark = { ok: c.green('✔'), warn: c.yellow('!'), fail: c.red('✖') };
      for (const check of report.checks) {
        write(io.stdout, `${mark[check.status]} ${check.name.padEnd(9)} ${check.detail}`);
      }
      for (const note of report.info.clientNotes ?? []) write(io.stdout, c.dim(`  ${note}`));
      if (report.hint) write(io.stderr, `${c.dim('hint:')} ${report.hint}`);
    });
};
