import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../../model/diagnostic.js';
import type { LintDiagnostic, LintResult } from '../engine.js';
import type { RuleMeta } from '../rule.js';
import { ruleDocUrl } from './docs.js';

/** The parts of SARIF 2.1.0 strata writes (OASIS sarif-v2.1.0, schema sarif-schema-2.1.0.json). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
  originalUriBaseIds: Record<string, { uri: string }>;
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: SarifLevel; enabled: boolean };
  properties: { category: string; tags: string[]; hadolint?: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties?: { fix: string };
}

interface SarifNotification {
  descriptor: { id: string };
  level: SarifLevel;
  message: { text: string };
  locations?: SarifLocation[];
}

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
  };
}

type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifOptions {
  toolVersion: string;
  /** Base URL of the rule pages; the installed package's docs/rules/ when absent. */
  docsBaseUrl?: string;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A SARIF 2.1.0 log of one run: every rule that ran in tool.driver.rules, one result per finding. */
export function toSarif(result: LintResult, options: SarifOptions): SarifLog {
  const metas = new Map<string, RuleMeta>();
  for (const m of result.rules) metas.set(m.id, m);
  for (const d of result.diagnostics) if (!metas.has(d.code)) metas.set(d.code, d.rule);
  const ordered = [...metas.values()].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(ordered.map((m, i) => [m.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'strata',
            version: options.toolVersion,
            rules: ordered.map((m) => sarifRule(m, options.docsBaseUrl)),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri(result.root) } },
        invocations: [
          {
            executionSuccessful: !result.problems.some((p) => p.code === 'STRATA_LINT_RULE_FAILED'),
            toolExecutionNotifications: result.problems.map(notification),
          },
        ],
        results: result.diagnostics.map((d) => sarifResult(d, index.get(d.code) ?? 0)),
      },
    ],
  };
}

export function formatSarif(result: LintResult, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}

function sarifRule(m: RuleMeta, docsBaseUrl: string | undefined): SarifRule {
  const properties: SarifRule['properties'] = { category: m.category, tags: [m.category] };
  if (m.hadolint) properties.hadolint = m.hadolint;
  return {
    id: m.id,
    name: m.id,
    shortDescription: { text: m.description },
    helpUri: ruleDocUrl(m.id, docsBaseUrl),
    help: { text: `${m.description}${m.hadolint ? ` (hadolint ${m.hadolint})` : ''}` },
    defaultConfiguration: { level: level(m.severity), enabled: m.enabledByDefault },
    properties,
  };
}

function sarifResult(d: LintDiagnostic, ruleIndex: number): SarifResult {
  const r: SarifResult = {
    ruleId: d.code,
    ruleIndex,
    level: level(d.severity),
    message: { text: d.hint ? `${d.message}. Fix: ${d.hint}` : d.message },
    locations: location(d),
  };
  if (d.hint) r.properties = { fix: d.hint };
  return r;
}

function notification(d: Diagnostic): SarifNotification {
  const n: SarifNotification = {
    descriptor: { id: d.code },
    level: level(d.severity),
    message: { text: d.hint ? `${d.message}. ${d.hint}` : d.message },
  };
  const loc = location(d);
  if (loc.length > 0) n.locations = loc;
  return n;
}

function location(d: Diagnostic): SarifLocation[] {
  if (!d.file) return [];
  const physical: SarifLocation['physicalLocation'] = {
    artifactLocation: { uri: d.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
  };
  if (d.line && d.line > 0) {
    const region: NonNullable<SarifLocation['physicalLocation']['region']> = { startLine: d.line };
    if (d.column && d.column > 0) region.startColumn = d.column;
    if (d.endLine && d.endLine >= d.line) region.endLine = d.endLine;
    if (d.endColumn && d.endColumn > 0) region.endColumn = d.endColumn;
    physical.region = region;
  }
  return [{ physicalLocation: physical }];
}

function level(s: Severity): SarifLevel {
  return s === 'info' ? 'note' : s;
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
