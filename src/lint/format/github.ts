import type { Diagnostic } from '../../model/diagnostic.js';
import type { LintResult } from '../engine.js';

/**
 * GitHub Actions workflow commands, one per finding:
 * `::error file=F,line=L,endLine=L,col=C,endColumn=C,title=RULE::message`. info becomes `notice`.
 */
export function formatGithub(result: LintResult): string {
  const lines = [...result.diagnostics, ...result.problems].map(annotation);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function annotation(d: Diagnostic): string {
  const command = d.severity === 'info' ? 'notice' : d.severity;
  const props: string[] = [];
  if (d.file) props.push(`file=${escapeProperty(d.file)}`);
  if (d.line) props.push(`line=${d.line}`);
  if (d.endLine) props.push(`endLine=${d.endLine}`);
  if (d.column) props.push(`col=${d.column}`);
  if (d.endColumn && (!d.endLine || d.endLine === d.line)) props.push(`endColumn=${d.endColumn}`);
  props.push(`title=${escapeProperty(d.code)}`);
  const text = d.hint ? `${d.message}\nfix: ${d.hint}` : d.message;
  return `::${command} ${props.join(',')}::${escapeData(text)}`;
}

/** Escapes a message as the Actions runner expects (toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (toolkit `escapeProperty`): also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
