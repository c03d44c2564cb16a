import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import {
  type ConfigValidation,
  defaultLintConfig,
  type FailureThreshold,
  type SeverityOverride,
} from './config.js';
import type { RuleMeta } from './rule.js';

/** hadolint's config files, read when strata.yaml has no `lint:` section of its own. */
export const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** hadolint severities to strata's: `style` is strata's `info`, `ignore` turns the rule off. */
const LEVELS: Record<string, SeverityOverride> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
  ignore: 'off',
};

const THRESHOLDS: Record<string, FailureThreshold> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  style: 'info',
  ignore: 'none',
  none: 'none',
};

/**
 * Translates a parsed `.hadolint.yaml` (`ignored`, `override`, `trustedRegistries`, `label-schema`,
 * `strict-labels`, `failure-threshold`)
 * into strata's lint config, so a team can switch without rewriting it. DL codes map to the strata rules
 * that carry them; codes strata has no rule for (ShellCheck's SCxxxx, DL30xx rules strata does not
 * have) are skipped with one info line.
 */
export function fromHadolintConfig(raw: unknown, rules: readonly RuleMeta[], file: string): ConfigValidation {
  const out: ConfigValidation = { config: defaultLintConfig(), warnings: [], errors: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  const value = raw as Record<string, unknown>;
  const unknown = new Set<string>();
  const ruleFor = (code: unknown): string | undefined => {
    if (typeof code !== 'string') return undefined;
    const id = rules.find((r) => r.hadolint === code.trim().toUpperCase())?.id;
    if (!id) unknown.add(code);
    return id;
  };
  for (const code of list(value.ignored)) {
    const id = ruleFor(code);
    if (id) out.config.ignore.push(id);
  }
  const override = value.override;
  if (typeof override === 'object' && override !== null) {
    for (const [level, codes] of Object.entries(override as Record<string, unknown>)) {
      const mapped = LEVELS[level.toLowerCase()];
      if (!mapped) continue;
      for (const code of list(codes)) {
        const id = ruleFor(code);
        if (id) out.config.severity[id] = mapped;
      }
    }
  }
  out.config.trustedRegistries = list(value.trustedRegistries).filter(
    (s): s is string => typeof s === 'string',
  );
  const schema = value['label-schema'];
  if (typeof schema === 'object' && schema !== null && !Array.isArray(schema)) {
    const strict = value['strict-labels'] === true;
    for (const r of rules) {
      if (r.hadolint && /^DL30(49|5\d)$/.test(r.hadolint)) out.config.rules[r.id] = { schema, strict };
    }
  }
  const threshold = THRESHOLDS[String(value['failure-threshold'] ?? '').toLowerCase()];
  if (threshold) out.config.failureThreshold = threshold;
  if (unknown.size > 0) out.warnings.push(skipped(file, [...unknown]));
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function skipped(file: string, codes: string[]): Diagnostic {
  return diagnostic(
    'STRATA_LINT_CONFIG_UNKNOWN',
    'info',
    `${file}: strata has no rule for ${codes.sort().join(', ')}; those settings are skipped`,
    { file, hint: 'see `strata lint --list-rules` for the hadolint codes strata honours' },
  );
}
