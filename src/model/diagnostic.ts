/** Severity of a finding. `error` findings make `scan` exit 1. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about the user's input: a parse problem, a broken link in the graph, a lint result.
 * `file` is relative to the scanned root, POSIX separators. `line` and `column` are 1-based.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  hint?: string;
}

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {},
): Diagnostic {
  return { code, severity, message, ...where };
}

/** Stable order: by file, line, column, code. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
