import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { LintResult } from '../engine.js';

/** How the text report is coloured; every function is the identity when colour is off. */
export interface TextPaint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
}

const plain = (s: string): string => s;
export const NO_PAINT: TextPaint = {
  bold: plain,
  dim: plain,
  red: plain,
  yellow: plain,
  blue: plain,
  green: plain,
};

/**
 * The human report: findings grouped by file, each as `file:line:col severity rule-id message` with its
 * fix on the next line, then problems that are not findings, then one summary line. Pure.
 */
export function formatText(result: LintResult, paint: TextPaint = NO_PAINT): string {
  const lines: string[] = [];
  const all: Diagnostic[] = [...result.diagnostics, ...result.problems];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of all) {
    const key = d.file ?? '';
    const list = byFile.get(key) ?? [];
    list.push(d);
    byFile.set(key, list);
  }
  const files = [...byFile.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  for (const file of files) {
    lines.push(paint.bold(file === '' ? '(repository)' : file));
    for (const d of byFile.get(file)!) {
      lines.push(`  ${where(d, paint)}${severity(d.severity, paint)} ${paint.dim(d.code)} ${d.message}`);
      if (d.hint) lines.push(`      ${paint.dim(`fix: ${d.hint}`)}`);
    }
    lines.push('');
  }
  lines.push(summary(result, paint));
  return `${lines.join('\n')}\n`;
}

function where(d: Diagnostic, paint: TextPaint): string {
  if (!d.file) return '';
  const pos = d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : '';
  return `${paint.bold(`${d.file}${pos}`)} `;
}

function severity(s: Severity, paint: TextPaint): string {
  return s === 'error' ? paint.red('error') : s === 'warning' ? paint.yellow('warning') : paint.blue('info');
}

function summary(result: LintResult, paint: TextPaint): string {
  const { error, warning, info } = result.counts;
  const total = error + warning + info;
  const files = `${result.files.length} Dockerfile${result.files.length === 1 ? '' : 's'}`;
  const rules = `${result.rules.length} rules`;
  if (total === 0) return paint.green(`no problems in ${files} (${rules})`);
  const parts = [
    `${error} error${error === 1 ? '' : 's'}`,
    `${warning} warning${warning === 1 ? '' : 's'}`,
    `${info} info`,
  ].join(', ');
  const text = `${total} problem${total === 1 ? '' : 's'} (${parts}) in ${files} (${rules})`;
  return error > 0 ? paint.red(text) : warning > 0 ? paint.yellow(text) : text;
}
