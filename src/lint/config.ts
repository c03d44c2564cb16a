import { type Diagnostic, diagnostic, type Severity } from '../model/diagnostic.js';
import type { RuleMeta } from './rule.js';

/** The level at which `strata lint` exits 1: a finding of this severity or worse. `none` never fails. */
export type FailureThreshold = Severity | 'none';

/** A severity override; `off` disables the rule like `ignore` does. */
export type SeverityOverride = Severity | 'off';

/** The `lint` section of strata.yaml after validation, merged with CLI flags. Rule ids are canonical. */
export interface LintConfig {
  /** Rules not run at all. */
  ignore: string[];
  /** Rules that are off by default and turned on. */
  enable: string[];
  severity: Record<string, SeverityOverride>;
  /** Registries (or registry/path prefixes) FROM may use; empty means "not configured". */
  trustedRegistries: string[];
  failureThreshold: FailureThreshold;
  /** Per-rule options, by rule id. */
  rules: Record<string, Record<string, unknown>>;
}

export function defaultLintConfig(): LintConfig {
  return {
    ignore: [],
    enable: [],
    severity: {},
    trustedRegistries: [],
    failureThreshold: 'error',
    rules: {},
  };
}

type SettingKind = 'rule-list' | 'string-list' | 'severity-map' | 'threshold' | 'rule-options';

/** One setting: its key under `lint:` in strata.yaml, and the CLI flag that sets the same thing. */
export interface LintSetting {
  key: keyof LintConfig;
  /** Commander flag spelling; absent when the setting lives only in strata.yaml. */
  flag?: string;
  kind: SettingKind;
  description: string;
}

/** The one table that ties every `lint:` key to its CLI flag, so the two cannot drift apart. */
export const LINT_SETTINGS: readonly LintSetting[] = [
  {
    key: 'ignore',
    flag: '--ignore <id>',
    kind: 'rule-list',
    description: 'do not run this rule (repeatable)',
  },
  {
    key: 'enable',
    flag: '--enable <id>',
    kind: 'rule-list',
    description: 'run a rule that is off by default (repeatable)',
  },
  {
    key: 'severity',
    flag: '--severity <id=level>',
    kind: 'severity-map',
    description: 'override the severity of a rule: error, warning, info or off (repeatable)',
  },
  {
    key: 'trustedRegistries',
    flag: '--trusted-registry <registry>',
    kind: 'string-list',
    description: 'registry FROM images may come from; others are reported (repeatable)',
  },
  {
    key: 'failureThreshold',
    flag: '--failure-threshold <level>',
    kind: 'threshold',
    description: 'exit 1 when a finding reaches this level: error, warning, info or none',
  },
  { key: 'rules', kind: 'rule-options', description: 'per-rule options, by rule id (strata.yaml only)' },
];

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
const THRESHOLDS: readonly string[] = ['error', 'warning', 'info', 'none'];

export interface ConfigValidation {
  config: LintConfig;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

/** Where a setting came from, for messages: the strata.yaml path or `command line`. */
interface Source {
  file?: string;
  label: string;
}

/**
 * Validates the raw `lint:` value of strata.yaml. Unknown keys and unknown rule ids are warnings (the
 * setting is dropped); values of the wrong type are errors. hadolint codes (`DL3008`) are accepted
 * wherever a rule id is and mapped to the strata rule.
 */
export function validateLintConfig(
  raw: unknown,
  rules: readonly RuleMeta[],
  file?: string,
): ConfigValidation {
  const out: ConfigValidation = { config: defaultLintConfig(), warnings: [], errors: [] };
  if (raw === undefined || raw === null) return out;
  const src: Source = { file, label: file ?? 'lint config' };
  if (!isRecord(raw)) {
    out.errors.push(problem('error', `${src.label}: \`lint\` must be a mapping`, src));
    return out;
  }
  const byKey = new Map(LINT_SETTINGS.map((s) => [s.key as string, s]));
  for (const [key, value] of Object.entries(raw)) {
    const setting = byKey.get(key) ?? byKey.get(camel(key));
    if (!setting) {
      const known = LINT_SETTINGS.map((s) => s.key).join(', ');
      out.warnings.push(
        problem('warning', `${src.label}: unknown key \`lint.${key}\` ignored`, src, `known: ${known}`),
      );
      continue;
    }
    applySetting(out, setting, value, rules, src);
  }
  return out;
}

/** Flag values as commander collects them (repeatable flags are arrays). */
export interface LintFlags {
  ignore?: string[];
  enable?: string[];
  severity?: string[];
  trustedRegistry?: string[];
  failureThreshold?: string;
}

/** Turns CLI flags into a config through the same table and checks as strata.yaml. */
export function lintConfigFromFlags(flags: LintFlags, rules: readonly RuleMeta[]): ConfigValidation {
  const out: ConfigValidation = { config: defaultLintConfig(), warnings: [], errors: [] };
  const src: Source = { label: 'command line' };
  const values: Partial<Record<keyof LintConfig, unknown>> = {
    ignore: flags.ignore,
    enable: flags.enable,
    trustedRegistries: flags.trustedRegistry,
    failureThreshold: flags.failureThreshold,
    severity: flags.severity ? parseSeverityFlags(flags.severity, out, src) : undefined,
  };
  for (const setting of LINT_SETTINGS) {
    const value = values[setting.key];
    if (value !== undefined) applySetting(out, setting, value, rules, src);
  }
  return out;
}

/** Later wins: lists are joined, maps merged key by key, the threshold replaced when set. */
export function mergeLintConfig(base: LintConfig, over: LintConfig, overThresholdSet: boolean): LintConfig {
  return {
    ignore: unique([...base.ignore, ...over.ignore]),
    enable: unique([...base.enable, ...over.enable]),
    severity: { ...base.severity, ...over.severity },
    trustedRegistries: unique([...base.trustedRegistries, ...over.trustedRegistries]),
    failureThreshold: overThresholdSet ? over.failureThreshold : base.failureThreshold,
    rules: { ...base.rules, ...over.rules },
  };
}

/** Maps a rule id or hadolint code to the canonical rule id; undefined when unknown. */
export function canonicalRuleId(idOrCode: string, rules: readonly RuleMeta[]): string | undefined {
  const want = idOrCode.trim();
  const upper = want.toUpperCase();
  return rules.find((r) => r.id === want.toLowerCase())?.id ?? rules.find((r) => r.hadolint === upper)?.id;
}

/** Whether a rule runs under this configuration. */
export function isRuleEnabled(meta: RuleMeta, config: LintConfig): boolean {
  if (config.ignore.includes(meta.id) || config.severity[meta.id] === 'off') return false;
  return meta.enabledByDefault || config.enable.includes(meta.id);
}

/** The severity a rule reports with after overrides. */
export function effectiveSeverity(meta: RuleMeta, config: LintConfig): Severity {
  const o = config.severity[meta.id];
  return o === undefined || o === 'off' ? meta.severity : o;
}

/** True when `severity` is at or above the failure threshold. */
export function reachesThreshold(severity: Severity, threshold: FailureThreshold): boolean {
  if (threshold === 'none') return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

function applySetting(
  out: ConfigValidation,
  setting: LintSetting,
  value: unknown,
  rules: readonly RuleMeta[],
  src: Source,
): void {
  const where = src.file ? `lint.${setting.key}` : (setting.flag?.split(' ')[0] ?? setting.key);
  const c = out.config;
  switch (setting.kind) {
    case 'rule-list': {
      const list = stringList(value, where, out, src);
      const ids = list.map((id) => ruleIdOrWarn(id, where, rules, out, src)).filter(isString);
      if (setting.key === 'ignore') c.ignore = unique([...c.ignore, ...ids]);
      else c.enable = unique([...c.enable, ...ids]);
      return;
    }
    case 'string-list': {
      const list = stringList(value, where, out, src).map((s) => s.trim().replace(/\/+$/, ''));
      c.trustedRegistries = unique([...c.trustedRegistries, ...list.filter((s) => s !== '')]);
      return;
    }
    case 'severity-map': {
      if (!isRecord(value)) {
        out.errors.push(problem('error', `${src.label}: \`${where}\` must map rule ids to a level`, src));
        return;
      }
      for (const [id, level] of Object.entries(value)) {
        const rule = ruleIdOrWarn(id, where, rules, out, src);
        const lv = typeof level === 'string' ? level.toLowerCase() : level;
        if (typeof lv !== 'string' || !(SEVERITIES.includes(lv) || lv === 'off')) {
          out.errors.push(
            problem(
              'error',
              `${src.label}: \`${where}\` ${id}: level must be error, warning, info or off`,
              src,
            ),
          );
          continue;
        }
        if (rule) c.severity[rule] = lv as SeverityOverride;
      }
      return;
    }
    case 'threshold': {
      const lv = typeof value === 'string' ? value.toLowerCase() : value;
      if (typeof lv !== 'string' || !THRESHOLDS.includes(lv)) {
        out.errors.push(
          problem(
            'error',
            `${src.label}: \`${where}\` must be error, warning, info or none, not ${show(value)}`,
            src,
          ),
        );
        return;
      }
      c.failureThreshold = lv as FailureThreshold;
      return;
    }
    case 'rule-options': {
      if (!isRecord(value)) {
        out.errors.push(
          problem('error', `${src.label}: \`${where}\` must map rule ids to option mappings`, src),
        );
        return;
      }
      for (const [id, opts] of Object.entries(value)) {
        const rule = ruleIdOrWarn(id, where, rules, out, src);
        if (!isRecord(opts)) {
          out.errors.push(
            problem('error', `${src.label}: \`${where}.${id}\` must be a mapping of options`, src),
          );
          continue;
        }
        if (rule) c.rules[rule] = { ...opts };
      }
      return;
    }
  }
}

function parseSeverityFlags(values: string[], out: ConfigValidation, src: Source): Record<string, string> {
  const map: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) {
      out.errors.push(problem('error', `${src.label}: --severity expects ID=level, got ${show(v)}`, src));
      continue;
    }
    map[v.slice(0, eq).trim()] = v.slice(eq + 1).trim();
  }
  return map;
}

function ruleIdOrWarn(
  id: string,
  where: string,
  rules: readonly RuleMeta[],
  out: ConfigValidation,
  src: Source,
): string | undefined {
  const canonical = canonicalRuleId(id, rules);
  if (!canonical) {
    out.warnings.push(
      problem(
        'warning',
        `${src.label}: \`${where}\` names unknown rule ${show(id)}`,
        src,
        'see `strata lint --list-rules`',
      ),
    );
  }
  return canonical;
}

function stringList(value: unknown, where: string, out: ConfigValidation, src: Source): string[] {
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || !list.every(isString)) {
    out.errors.push(problem('error', `${src.label}: \`${where}\` must be a list of strings`, src));
    return [];
  }
  return list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function problem(severity: Severity, message: string, src: Source, hint?: string): Diagnostic {
  const code = severity === 'error' ? 'STRATA_LINT_CONFIG' : 'STRATA_LINT_CONFIG_UNKNOWN';
  return diagnostic(code, severity, message, { file: src.file, hint });
}

function camel(key: string): string {
  return key.replace(/[-_]([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
}
