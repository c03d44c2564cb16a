import { createHash } from 'node:crypto';
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { LintResult } from '../engine.js';

/** One issue of GitLab's code quality report (a subset of Code Climate's issue spec). */
export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  fingerprint: string;
  location: { path: string; lines: { begin: number; end: number } };
}

const SEVERITY: Record<Severity, CodeClimateIssue['severity']> = {
  info: 'info',
  warning: 'minor',
  error: 'major',
};

/**
 * The Code Climate JSON array GitLab reads as a code quality report (docs.gitlab.com, "Code Quality"):
 * check name, description, severity, a stable fingerprint (rule, file, line, message) and the location.
 */
export function toCodeClimate(result: LintResult): CodeClimateIssue[] {
  return [...result.diagnostics, ...result.problems].map((d: Diagnostic) => {
    const path = d.file ?? '.';
    const line = d.line ?? 1;
    return {
      type: 'issue',
      check_name: d.code,
      description: d.hint ? `${d.message} (fix: ${d.hint})` : d.message,
      categories: ['Style'],
      severity: SEVERITY[d.severity],
      fingerprint: createHash('md5').update(`${d.code}\0${path}\0${line}\0${d.message}`).digest('hex'),
      location: { path, lines: { begin: line, end: d.endLine ?? line } },
    };
  });
}

export function formatCodeClimate(result: LintResult): string {
  return `${JSON.stringify(toCodeClimate(result), null, 2)}\n`;
}
