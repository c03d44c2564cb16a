import type { Diagnostic } from '../../model/diagnostic.js';
import type { LintResult } from '../engine.js';

/**
 * Checkstyle XML (checkstyle.org, the format hadolint's `--format checkstyle` writes and CI plugins read):
 * one `<file>` per Dockerfile with an `<error line column severity message source>` per finding. info
 * becomes `info`; problems without a file go under the file name `strata`.
 */
export function formatCheckstyle(result: LintResult): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of [...result.diagnostics, ...result.problems]) {
    const file = d.file ?? 'strata';
    byFile.set(file, [...(byFile.get(file) ?? []), d]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, list] of [...byFile.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(`  <file name="${xml(file)}">`);
    for (const d of list) {
      const attrs = [
        `line="${d.line ?? 0}"`,
        ...(d.column ? [`column="${d.column}"`] : []),
        `severity="${d.severity}"`,
        `message="${xml(d.hint ? `${d.message} (fix: ${d.hint})` : d.message)}"`,
        `source="${xml(d.code)}"`,
      ];
      out.push(`    <error ${attrs.join(' ')}/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
