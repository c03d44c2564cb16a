import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { LINT_SETTINGS, type LintConfig, type LintFlags, lintConfigFromFlags } from '../../lint/config.js';
import { combineResults, type LintResult } from '../../lint/engine.js';
import { formatLintResult, LINT_FORMATS, type LintFormat } from '../../lint/format/index.js';
import { allRules, ruleMetas } from '../../lint/registry.js';
import { lintDockerfiles, lintDockerfileText, lintRepository } from '../../lint/repository.js';
import { UsageError } from '../../model/errors.js';
import type { CliIO, RegisterCommand } from '../context.js';
import { colors, printJson, write } from '../output.js';

interface LintCommandOptions extends LintFlags {
  format: string;
  listRules?: boolean;
  json?: boolean;
  docsUrl?: string;
  exclude?: string[];
  buildArg?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export const register: RegisterCommand = (program, io) => {
  const cmd = program
    .command('lint')
    .description(
      'check the Dockerfiles of a repository (or single Dockerfiles) for hygiene, cache, size, ML and family problems',
    )
    .argument('[paths...]', 'repository folders or Dockerfiles; - reads one Dockerfile from stdin', ['.'])
    .addOption(new Option('--format <format>', 'output format').choices([...LINT_FORMATS]).default('text'))
    .option(
      '--list-rules',
      'list every rule: id, category, severity, on by default, hadolint code, BuildKit check',
    )
    .option('--json', 'with --list-rules: JSON output');
  // One option per lint setting, from the table shared with strata.yaml.
  for (const setting of LINT_SETTINGS) {
    if (!setting.flag) continue;
    const repeatable = setting.kind !== 'threshold';
    cmd.addOption(
      repeatable
        ? new Option(setting.flag, setting.description).argParser(collect)
        : new Option(setting.flag, setting.description).choices(['error', 'warning', 'info', 'none']),
    );
  }
  cmd
    .option('--docs-url <url>', 'base URL of the rule pages for SARIF helpUri (default: the installed docs)')
    .addOption(new Option('--exclude <glob...>', 'skip paths matching these globs (on top of .gitignore)'))
    .addOption(
      new Option(
        '--build-arg <name=value>',
        'resolve ARGs as docker build --build-arg would (repeatable)',
      ).argParser(collect),
    )
    .action(async (paths: string[], opts: LintCommandOptions) => {
      if (opts.listRules) {
        listRules(io, Boolean(opts.json));
        return;
      }
      if (opts.json)
        throw new UsageError('--json goes with --list-rules', 'use --format json for lint results');
      const flags = lintConfigFromFlags(opts, ruleMetas());
      if (flags.errors.length > 0) {
        throw new UsageError(flags.errors.map((e) => e.message).join('; '), 'see `strata lint --help`');
      }
      const result = await runLint(paths, flags.config, opts, io);
      const withWarnings = flags.warnings.length
        ? { ...result, problems: [...flags.warnings, ...result.problems] }
        : result;
      const c = colors(io);
      const out = formatLintResult(withWarnings, opts.format as LintFormat, {
        toolVersion: program.version() ?? '0.0.0',
        paint: c,
        docsBaseUrl: opts.docsUrl,
      });
      if (out) io.stdout.write(out);
      io.exitCode = result.failed ? 1 : 0;
    });
};

/** `--build-arg NAME=value` flags as a record; `NAME` alone takes the value from the environment, as docker does. */
function buildArgs(flags: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(`--build-arg ${name}: not a variable name`, 'write --build-arg NAME=value');
    }
    const value = eq < 0 ? process.env[name] : flag.slice(eq + 1);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

async function runLint(
  paths: string[],
  overrides: LintConfig,
  opts: LintCommandOptions,
  io: CliIO,
): Promise<LintResult> {
  const thresholdSet = opts.failureThreshold !== undefined;
  const args = buildArgs(opts.buildArg);
  if (paths.includes('-')) {
    if (paths.length > 1) throw new UsageError('- (stdin) cannot be mixed with paths', 'lint stdin alone');
    const text = await readAll(io.stdin ?? process.stdin);
    return lintDockerfileText(text, { overrides, thresholdSet, buildArgs: args });
  }
  const dirs: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) throw new UsageError(`${p} does not exist`, 'give a repository folder or a Dockerfile');
    (stat.isDirectory() ? dirs : files).push(p);
  }
  const results: { prefix: string; result: LintResult }[] = [];
  for (const dir of dirs) {
    const result = await lintRepository(dir, {
      overrides,
      thresholdSet,
      exclude: opts.exclude,
      buildArgs: args,
    });
    results.push({ prefix: path.relative(process.cwd(), path.resolve(dir)), result });
  }
  if (files.length > 0) {
    results.push({
      prefix: '',
      result: await lintDockerfiles(files, { overrides, thresholdSet, buildArgs: args }),
    });
  }
  if (results.length === 1) return results[0]!.result;
  return combineResults(results.map((r) => ({ ...r, prefix: r.prefix === '.' ? '' : r.prefix })));
}

function listRules(io: CliIO, json: boolean): void {
  const metas = ruleMetas(allRules);
  if (json) {
    printJson(
      io,
      metas.map((m) => ({
        id: m.id,
        category: m.category,
        severity: m.severity,
        enabledByDefault: m.enabledByDefault,
        hadolint: m.hadolint ?? null,
        buildkit: m.buildkit ?? null,
        description: m.description,
        docs: `docs/rules/${m.id}.md`,
      })),
    );
    return;
  }
  const c = colors(io);
  const rows = metas.map((m) => [
    m.id,
    m.category,
    m.severity,
    m.enabledByDefault ? 'on' : 'off',
    m.hadolint ?? '-',
    m.buildkit ?? '-',
  ]);
  const header = ['RULE', 'CATEGORY', 'SEVERITY', 'DEFAULT', 'HADOLINT', 'BUILDKIT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  write(io.stdout, c.bold(line(header)));
  metas.forEach((m, i) => {
    write(io.stdout, `${line(rows[i]!)}  ${c.dim(m.description)}`);
  });
  write(io.stdout, c.dim(`${metas.length} rules; turn one on with --enable ID, off with --ignore ID`));
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
