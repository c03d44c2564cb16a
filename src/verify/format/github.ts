import type { VerifyResult } from '../result.js';

/** GitHub Actions workflow-command escaping of a message (`%`, CR, LF). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value (also `:` and `,`). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * `--format github`: one `::error` per failed or errored test and per image that could not be tested,
 * `::warning` per skipped test, `::notice` with the totals; file and line point at the test in its file
 * (paths as the run named them: relative to the working folder, which in a workflow is the repository).
 */
export function toGithubAnnotations(result: VerifyResult): string {
  const lines: string[] = [];
  const props = (file: string | undefined, line: number | undefined, title: string) =>
    [
      // An inline test file (`strata.yaml#verify.api`) is annotated on strata.yaml at the test's line.
      ...(file ? [`file=${escapeProperty(file.replace(/#.*$/, ''))}`] : []),
      ...(line !== undefined ? [`line=${line}`] : []),
      `title=${escapeProperty(title)}`,
    ].join(',');
  // An error a broken test carries is annotated once, as that test.
  const carried = new Set(
    result.images.flatMap((img) =>
      img.tests.filter((t) => t.status === 'error').flatMap((t) => t.errors.map((e) => `${t.file}: ${e}`)),
    ),
  );
  for (const d of result.diagnostics) {
    if (d.severity === 'error' && carried.has(d.message)) continue;
    const level = d.severity === 'error' ? 'error' : 'warning';
    lines.push(`::${level} ${props(d.file, d.line, d.code)}::${escapeData(d.message)}`);
  }
  for (const img of result.images) {
    if (img.error)
      lines.push(`::error ${props(undefined, undefined, `verify ${img.image}`)}::${escapeData(img.error)}`);
    for (const t of img.tests) {
      const title = `${img.image}: ${t.kind} ${t.name}`;
      if (t.status === 'failed' || t.status === 'error')
        lines.push(`::error ${props(t.file, t.line, title)}::${escapeData(t.errors.join('\n'))}`);
      else if (t.status === 'skipped')
        lines.push(`::warning ${props(t.file, t.line, title)}::${escapeData(t.reason ?? 'not run')}`);
    }
  }
  const c = result.counts;
  lines.push(
    `::notice title=strata verify::${c.passed} passed, ${c.failed} failed, ${c.error} errors, ${c.skipped} not run`,
  );
  return `${lines.join('\n')}\n`;
}
