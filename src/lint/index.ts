export {
  type CheckOptions,
  checkRuns,
  fileCheckOptions,
  instructionCheckOptions,
  parseCheckOptions,
} from './buildkit-check.js';
export {
  type ConfigValidation,
  defaultLintConfig,
  effectiveSeverity,
  type FailureThreshold,
  isRuleEnabled,
  LINT_SETTINGS,
  type LintConfig,
  type LintFlags,
  type LintSetting,
  lintConfigFromFlags,
  mergeLintConfig,
  reachesThreshold,
  type SeverityOverride,
  validateLintConfig,
} from './config.js';
export {
  combineResults,
  type LintDiagnostic,
  type LintInputs,
  type LintOptions,
  type LintResult,
  lintGraph,
} from './engine.js';
export { formatCheckstyle } from './format/checkstyle.js';
export { type CodeClimateIssue, formatCodeClimate, toCodeClimate } from './format/codeclimate.js';
export { type FormatOptions, formatLintResult, LINT_FORMATS, type LintFormat } from './format/index.js';
export { LINT_JSON_VERSION, type LintJsonReport, toJsonReport } from './format/json.js';
export { type SarifLog, toSarif } from './format/sarif.js';
export { isSuppressed, type Pragmas, readPragmas } from './pragmas.js';
export { allRules, findRule, RULE_CATEGORIES, registryProblems, ruleMetas } from './registry.js';
export {
  type LintRepositoryOptions,
  lintDockerfiles,
  lintDockerfileText,
  lintRepository,
  loadLintConfig,
} from './repository.js';
export type { Finding, LintContext, Rule, RuleCategory, RuleMeta } from './rule.js';
