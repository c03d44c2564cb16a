import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultLintConfig } from '../../../src/lint/config.js';
import { type LintDiagnostic, lintGraph } from '../../../src/lint/engine.js';
import { findRule } from '../../../src/lint/registry.js';
import type { Rule } from '../../../src/lint/rule.js';
import { scanRepository } from '../../../src/scan.js';
import { type Tree, testdir } from '../../helpers/testdir.js';

/** The rule with this id, from every category. */
export function ruleById(id: string): Rule {
  const rule = findRule(id);
  if (!rule) throw new Error(`no lint rule ${id}`);
  return rule;
}

/** A lint finding reduced to what rule tests compare. */
export interface Found {
  rule: string;
  file?: string;
  line?: number;
  message: string;
  fix?: string;
}

/**
 * Writes the tree, scans it and runs only `rules` (enabled even when off by default). Returns the
 * findings sorted by file and line; rule crashes and scan problems fail the test through `problems`.
 */
export async function lintTree(
  tree: Tree,
  rules: Rule | Rule[],
  options: Record<string, Record<string, unknown>> = {},
): Promise<Found[]> {
  const root = await testdir(tree);
  return lintRoot(root, rules, options);
}

/** Lints the tree with `rules` and expects no finding: the shape of every case a rule accepts. */
export async function expectNoFindings(
  tree: Tree,
  rules: Rule | Rule[],
  options: Record<string, Record<string, unknown>> = {},
): Promise<void> {
  expect(await lintTree(tree, rules, options)).toEqual([]);
}

export async function lintRoot(
  root: string,
  rules: Rule | Rule[],
  options: Record<string, Record<string, unknown>> = {},
): Promise<Found[]> {
  const list = Array.isArray(rules) ? rules : [rules];
  const scanned = await scanRepository(root);
  const config = { ...defaultLintConfig(), enable: list.map((r) => r.meta.id), rules: options };
  const result = await lintGraph(
    { root, graph: scanned.graph, discovery: scanned.discovery, dockerfiles: scanned.dockerfiles },
    { config, rules: list },
  );
  const crashed = result.problems.filter((p) => p.code === 'STRATA_LINT_RULE_FAILED');
  if (crashed.length > 0) throw new Error(crashed.map((c) => c.message).join('\n'));
  return result.diagnostics.map(toFound);
}

function toFound(d: LintDiagnostic): Found {
  const f: Found = { rule: d.code, message: d.message };
  if (d.file !== undefined) f.file = d.file;
  if (d.line !== undefined) f.line = d.line;
  if (d.hint !== undefined) f.fix = d.hint;
  return f;
}

/** One rule's fixtures: `test/fixtures/lint/<category>/<rule-id>/{bad,good}/` with `expected.txt` listing `file:line`. */
export interface RuleFixture {
  rule: Rule;
  bad: string;
  good: string;
  /** `file:line` (or `file`) of every finding expected on the bad tree. */
  expected: string[];
  options: Record<string, Record<string, unknown>>;
}

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/lint');

/** The fixtures of every rule of a category that has a fixture folder. */
export function ruleFixtures(category: string, rules: Rule[]): RuleFixture[] {
  return rules
    .filter((rule) => existsSync(path.join(FIXTURES, category, rule.meta.id)))
    .map((rule) => {
      const dir = path.join(FIXTURES, category, rule.meta.id);
      const expected = readFileSync(path.join(dir, 'expected.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      const optionsFile = path.join(dir, 'options.json');
      const options = existsSync(optionsFile)
        ? { [rule.meta.id]: JSON.parse(readFileSync(optionsFile, 'utf8')) as Record<string, unknown> }
        : {};
      return { rule, bad: path.join(dir, 'bad'), good: path.join(dir, 'good'), expected, options };
    });
}

/** `file:line` of findings, as written in expected.txt. */
export function locations(found: Found[]): string[] {
  return found.map((f) => (f.line === undefined ? `${f.file}` : `${f.file}:${f.line}`)).sort();
}

/**
 * The fixture tests of a rule category: every rule has a bad and a good fixture, the bad tree gives exactly
 * the findings of expected.txt and the good tree none.
 */
export function describeRuleFixtures(category: string, rules: Rule[]): void {
  describe(`${category} rules on their fixtures`, () => {
    it(`every ${category} rule has a bad and a good fixture`, () => {
      expect(ruleFixtures(category, rules).map((f) => f.rule.meta.id)).toEqual(rules.map((r) => r.meta.id));
    });

    it.each(ruleFixtures(category, rules).map((f) => [f.rule.meta.id, f] as const))(
      '%s',
      async (_id, fixture) => {
        const bad = await lintRoot(fixture.bad, fixture.rule, fixture.options);
        expect(locations(bad)).toEqual([...fixture.expected].sort());
        const good = await lintRoot(fixture.good, fixture.rule, fixture.options);
        expect(good).toEqual([]);
      },
    );
  });
}
