import { Option } from 'commander';
import { UsageError } from '../../model/errors.js';
import { parseDuration } from '../../util/duration.js';
import {
  toGithubAnnotations,
  toJunitXml,
  toVerifyJson,
  type VerifyOptions,
  type VerifyResult,
  verify,
} from '../../verify/index.js';
import type { CliIO, RegisterCommand } from '../context.js';
import { colors, installEngineDebug, printJson, write } from '../output.js';
import { renderVerify } from '../render/verify.js';

export const VERIFY_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type VerifyFormat = (typeof VERIFY_FORMATS)[number];

export interface VerifyCliOptions {
  dir: string;
  config: string[];
  format: VerifyFormat;
  json?: boolean;
  jobs?: string;
  timeout: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function parseVerifyJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--jobs ${text}: give a whole number of at least 1`);
  return n;
}

export function parseVerifyTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new UsageError(`--timeout ${text}: give a duration like 60s or 2m`);
  return ms;
}

/** Prints a verify result in the chosen format and sets the exit code (0 pass, 1 fail, 130 interrupted). */
export function printVerify(result: VerifyResult, format: VerifyFormat, io: CliIO): void {
  if (format === 'json') printJson(io, toVerifyJson(result));
  else if (format === 'junit') write(io.stdout, toJunitXml(result));
  else if (format === 'github') write(io.stdout, toGithubAnnotations(result));
  else write(io.stdout, renderVerify(result, colors(io)));
  io.exitCode = result.interrupted ? 130 : result.ok ? 0 : 1;
}

/**
 * Runs verify with SIGINT and SIGTERM turned into an abort: the run stops its tests and removes every
 * container and temporary image it made before the process exits.
 */
export async function verifyWithSignals(options: VerifyOptions, io?: CliIO): Promise<VerifyResult> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // On a terminal, one status line on stderr while the tests run, cleared at the end.
  const live = io && (io.stderr as NodeJS.WriteStream).isTTY ? (io.stderr as NodeJS.WriteStream) : undefined;
  let done = 0;
  let failed = 0;
  const onResult: VerifyOptions['onResult'] = (_target, result) => {
    done++;
    if (result.status === 'failed' || result.status === 'error') failed++;
    live?.write(`\r\x1b[2Kverifying: ${done} tests done${failed > 0 ? `, ${failed} failed` : ''}`);
  };
  try {
    return await verify({ ...options, signal: controller.signal, ...(live ? { onResult } : {}) });
  } finally {
    live?.write('\r\x1b[2K');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function verifyCommand(images: string[], opts: VerifyCliOptions, io: CliIO): Promise<void> {
  installEngineDebug(io);
  const format: VerifyFormat = opts.json ? 'json' : opts.format;
  const jobs = parseVerifyJobs(opts.jobs);
  const options: VerifyOptions = {
    root: opts.dir,
    images,
    configs: opts.config,
    timeoutMs: parseVerifyTimeout(opts.timeout),
    ...(jobs !== undefined ? { jobs } : {}),
  };
  printVerify(await verifyWithSignals(options, io), format, io);
}

export const register: RegisterCommand = (program, io) => {
  program
    .command('verify')
    .description('run acceptance tests (container-structure-test files and more) against built images')
    .argument(
      '[images...]',
      'images to test (id, tag, compose service or image reference); all with tests when none',
    )
    .option('--dir <dir>', 'repository folder', '.')
    .option('-c, --config <file>', 'test file (container-structure-test YAML/JSON); repeatable', collect, [])
    .addOption(new Option('--format <format>', 'output format').choices([...VERIFY_FORMATS]).default('text'))
    .option('--json', 'same as --format json')
    .option('-j, --jobs <n>', 'tests run at once (default 4)')
    .option('--timeout <duration>', 'per-test timeout', '60s')
    .action((images: string[], opts: VerifyCliOptions) => verifyCommand(images, opts, io));
};
