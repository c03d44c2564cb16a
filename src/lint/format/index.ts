import type { LintResult } from '../engine.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatCodeClimate } from './codeclimate.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatText, NO_PAINT, type TextPaint } from './text.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'checkstyle', 'codeclimate'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface FormatOptions {
  toolVersion: string;
  paint?: TextPaint;
  docsBaseUrl?: string;
}

/** Renders a lint result in one of the output formats. Pure: returns the text, prints nothing. */
export function formatLintResult(result: LintResult, format: LintFormat, options: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(result, options.paint ?? NO_PAINT);
    case 'json':
      return formatJson(result, options.toolVersion);
    case 'sarif':
      return formatSarif(result, { toolVersion: options.toolVersion, docsBaseUrl: options.docsBaseUrl });
    case 'github':
      return formatGithub(result);
    case 'checkstyle':
      return formatCheckstyle(result);
    case 'codeclimate':
      return formatCodeClimate(result);
  }
}

export {
  formatCheckstyle,
  formatCodeClimate,
  formatGithub,
  formatJson,
  formatSarif,
  formatText,
  NO_PAINT,
  type TextPaint,
};
