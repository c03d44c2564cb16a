import type { Command } from 'commander';

/** What a command module gets: where to write, and whether colour and a live view are wanted. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Input for commands that read it (`strata lint -`); process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
  /** stdout is a terminal (live views, colour). */
  isTTY: boolean;
  /** Colour is on (TTY and no NO_COLOR, or FORCE_COLOR). */
  color: boolean;
  /** Running under CI=true. */
  ci: boolean;
  /** Set by a command: the process exit code (0 fine, 1 error findings or failed build, 2 bad usage). */
  exitCode: number;
}

/** Each command lives in its own module under src/cli/commands/ and registers itself with this. */
export type RegisterCommand = (program: Command, io: CliIO) => void;
