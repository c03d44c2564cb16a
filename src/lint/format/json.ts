import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { LintResult } from '../engine.js';
import type { RuleCategory } from '../rule.js';
import { ruleDocPath } from './docs.js';

/** Version of the JSON report schema (docs/lint-json.md). Bumped on any incompatible change. */
export const LINT_JSON_VERSION = 1;

export interface LintJsonFinding {
  rule: string;
  category: RuleCategory;
  severity: Severity;
  hadolint: string | null;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  fix: string | null;
  docs: string;
}

export interface LintJsonProblem {
  code: string;
  severity: Severity;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

export interface LintJsonReport {
  version: number;
  tool: { name: 'strata'; version: string };
  summary: {
    files: number;
    rules: number;
    errors: number;
    warnings: number;
    infos: number;
    failureThreshold: string;
    failed: boolean;
  };
  findings: LintJsonFinding[];
  problems: LintJsonProblem[];
}

/** The report as data; `formatJson` prints it. Field order and null-for-absent are part of the schema. */
export function toJsonReport(result: LintResult, toolVersion: string): LintJsonReport {
  return {
    version: LINT_JSON_VERSION,
    tool: { name: 'strata', version: toolVersion },
    summary: {
      files: result.files.length,
      rules: result.rules.length,
      errors: result.counts.error,
      warnings: result.counts.warning,
      infos: result.counts.info,
      failureThreshold: result.config.failureThreshold,
      failed: result.failed,
    },
    findings: result.diagnostics.map((d) => ({
      rule: d.code,
      category: d.rule.category,
      severity: d.severity,
      hadolint: d.rule.hadolint ?? null,
      message: d.message,
      ...position(d),
      fix: d.hint ?? null,
      docs: ruleDocPath(d.code),
    })),
    problems: result.problems.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file ?? null,
      line: d.line ?? null,
      column: d.column ?? null,
      hint: d.hint ?? null,
    })),
  };
}

export function formatJson(result: LintResult, toolVersion: string): string {
  return `${JSON.stringify(toJsonReport(result, toolVersion), null, 2)}\n`;
}

function position(d: Diagnostic) {
  return {
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    endLine: d.endLine ?? null,
    endColumn: d.endColumn ?? null,
  };
}
