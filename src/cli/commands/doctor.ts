import { runDoctor } from '../../engine/doctor.js';
import type { RegisterCommand } from '../context.js';
import { colors, printJson, write } from '../output.js';

export const register: RegisterCommand = (program, io) => {
  program
    .command('doctor')
    .description(
      'check the Docker engine: reachable, versions, BuildKit, buildx, disk used by images and cache',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await runDoctor();
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
