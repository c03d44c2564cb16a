/**
 * Errors strata raises on purpose. Each has a stable code; the CLI prints `code: message` (with file:line
 * and a hint) and never a stack trace for these. Anything else is an internal error and shows its stack.
 */
export class StrataError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly hint?: string;
  /** Exit code the CLI uses for this error. 2: bad usage or unreadable input; 1: a failed operation. */
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    opts: { file?: string; line?: number; hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StrataError';
    this.code = code;
    this.file = opts.file;
    this.line = opts.line;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 2;
  }
}

/** Bad command-line usage (unknown option value, missing directory). Exit code 2. */
export class UsageError extends StrataError {
  constructor(message: string, hint?: string) {
    super('STRATA_USAGE', message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** The Docker engine is missing or failed. Exit code 1. */
export class EngineError extends StrataError {
  constructor(code: string, message: string, hint?: string, cause?: unknown) {
    super(code, message, { hint, exitCode: 1, cause });
    this.name = 'EngineError';
  }
}

export function isStrataError(e: unknown): e is StrataError {
  return e instanceof StrataError;
}
