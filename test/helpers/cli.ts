import { PassThrough } from 'node:stream';
import type { CliIO } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `strata ARGS` in-process with captured output, no colour, not a TTY. */
export async function runCli(args: string[], opts: { ci?: boolean } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  stderr.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const io: CliIO = { stdout, stderr, isTTY: false, color: false, ci: opts.ci ?? false, exitCode: 0 };
  const code = await main(['node', 'strata', ...args], io);
  return { code, stdout: out, stderr: err };
}
