import { UsageError } from '../../model/errors.js';
import type { HistoryRun } from '../../state/index.js';
import { readHistory } from '../../state/index.js';
import { formatBytes } from '../../util/fs.js';
import type { RegisterCommand } from '../context.js';
import { type Colors, colors, printJson, write } from '../output.js';

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
    : `${(ms / 1000).toFixed(1)}s`;
}

/** Past runs as text: a line per run, then a line per image that was not skipped. */
function renderHistory(runs: HistoryRun[], c: Colors): string {
  if (runs.length === 0) return 'no build recorded yet (strata build writes it to its state folder)\n';
  const lines: string[] = [];
  for (const run of [...runs].reverse()) {
    const count = (s: string) => run.images.filter((i) => i.status === s).length;
    const counts = ['built', 'reused', 'skipped', 'failed']
      .map((s) => [s, count(s)] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    const status = run.ok ? c.green('ok') : c.red('failed');
    lines.push(
      `${c.bold(run.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}  ${status}  ${seconds(run.durationMs)}  ${counts}`,
    );
    for (const image of run.images) {
      if (image.status === 'skipped') continue;
      const steps = image.steps ?? [];
      const cached =
        steps.length > 0 ? `${steps.filter((s) => s.cached).length}/${steps.length} steps cached` : '';
      const size = image.size !== undefined ? formatBytes(image.size) : '';
      lines.push(
        `  ${image.id.padEnd(20)} ${image.status.padEnd(8)} ${seconds(image.durationMs).padStart(7)}  ${[cached, size].filter(Boolean).join('  ')}`.trimEnd(),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const register: RegisterCommand = (program, io) => {
  program
    .command('history')
    .description("show past builds from the history in strata's state folder")
    .option('--dir <dir>', 'repository folder', '.')
    .option('--limit <n>', 'show the last N runs', '10')
    .option('--json', 'print the runs as JSON')
    .action(async (opts: { dir: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 0)
        throw new UsageError(`--limit ${opts.limit} is not a count`, 'give a whole number, e.g. --limit 20');
      const runs = await readHistory(opts.dir, limit, (problem) =>
        write(io.stderr, `${colors(io).yellow('warning')} ${problem}`),
      );
      if (opts.json) printJson(io, { runs });
      else write(io.stdout, renderHistory(runs, colors(io)));
    });
};
