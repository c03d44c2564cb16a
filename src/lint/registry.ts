import type { Rule, RuleCategory, RuleMeta } from './rule.js';
import { allRules } from './rules/index.js';

export { allRules };

/** Rule metadata for listings, sorted by category then id. */
export function ruleMetas(rules: readonly Rule[] = allRules): RuleMeta[] {
  return rules
    .map((r) => r.meta)
    .sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
}

/** The rule with this id or hadolint code. */
export function findRule(idOrCode: string, rules: readonly Rule[] = allRules): Rule | undefined {
  const upper = idOrCode.toUpperCase();
  return (
    rules.find((r) => r.meta.id === idOrCode.toLowerCase()) ?? rules.find((r) => r.meta.hadolint === upper)
  );
}

export const RULE_CATEGORIES: readonly RuleCategory[] = [
  'hygiene',
  'security',
  'cache',
  'size',
  'reliability',
  'ml',
  'family',
  'context',
];

/** Problems with the registry itself: duplicate ids or hadolint codes, ids that are not kebab-case. */
export function registryProblems(rules: readonly Rule[] = allRules): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const codes = new Map<string, string>();
  for (const { meta } of rules) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(meta.id)) problems.push(`${meta.id}: id is not kebab-case`);
    if (ids.has(meta.id)) problems.push(`${meta.id}: duplicate id`);
    ids.add(meta.id);
    if (meta.hadolint) {
      const other = codes.get(meta.hadolint);
      if (other) problems.push(`${meta.id}: hadolint ${meta.hadolint} is also mapped by ${other}`);
      codes.set(meta.hadolint, meta.id);
    }
  }
  return problems;
}
