import { createEngine } from '../../engine/client.js';
import { UsageError } from '../../model/errors.js';
import {
  createReport,
  renderBudgetAnnotations,
  renderReportHtml,
  renderReportText,
} from '../../report/index.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { RegisterCommand } from '../context.js';
import { colors, formatDiagnostic, installEngineDebug, printJson, write } from '../output.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface ReportFlags {
  dir: string;
  archive?: string;
  json?: boolean;
  format?: string;
  html?: string;
  layers: boolean;
  history: string;
  context?: string;
}

export const register: RegisterCommand = (program, io) => {
  program
    .command('report')
    .description(
      'what each image weighs and why, what the family shares and duplicates, where build time goes, against budgets',
    )
    .argument(
      '[images...]',
      'images to report on (default: every image of the family the engine holds, or every image of --archive)',
    )
    .option('--dir <dir>', 'repository folder (strata.yaml budgets, build history, Dockerfiles)', '.')
    .option(
      '--archive <file>',
      'read an image archive (docker save, skopeo or podman oci-archive) instead of the engine',
    )
    .option('--json', 'print the report as JSON (docs/report-json.md)')
    .option('--format <format>', `text, json or github (failed budgets as workflow annotations)`)
    .option('--html <file>', 'also write the report as one self-contained HTML page')
    .option('--no-layers', 'leave the layer lines out of the text')
    .option('--history <n>', 'build runs to read from .strata/history.jsonl', '10')
    .option('--context <name>', 'docker context to read images from (DOCKER_HOST is honoured too)')
    .action(async (images: string[], opts: ReportFlags) => {
      installEngineDebug(io);
      const format: Format = opts.json ? 'json' : ((opts.format ?? 'text') as Format);
      if (!FORMATS.includes(format))
        throw new UsageError(`--format ${opts.format} is not known`, `use one of ${FORMATS.join(', ')}`);
      const historyRuns = Number(opts.history);
      if (!Number.isInteger(historyRuns) || historyRuns < 0)
        throw new UsageError(
          `--history ${opts.history} is not a count`,
          'give a whole number, e.g. --history 20',
        );
      const created = await createReport({
        root: opts.dir,
        refs: images,
        ...(opts.archive
          ? { archive: opts.archive }
          : { engine: createEngine(opts.context ? { context: opts.context } : {}) }),
        historyRuns,
      });
      const c = colors(io);
      for (const d of created.diagnostics) write(io.stderr, formatDiagnostic(d, c));
      const { report } = created;
      if (opts.html) await writeFileAtomic(opts.html, renderReportHtml(report));
      if (format === 'json') printJson(io, report);
      else if (format === 'github') {
        write(io.stdout, renderBudgetAnnotations(report).trimEnd());
        write(io.stderr, renderReportText(report, { layers: false }).trimEnd());
      } else write(io.stdout, renderReportText(report, { layers: opts.layers }).trimEnd());
      if (opts.html && format !== 'json') write(io.stderr, `wrote ${opts.html}`);
      // An error in strata.yaml (a bad or misspelt budget) is bad input: the gate it meant is missing.
      const badConfig = created.diagnostics.some((d) => d.severity === 'error');
      io.exitCode = badConfig ? 2 : report.ok ? 0 : 1;
    });
};
