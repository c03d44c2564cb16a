import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/lint/rules/context/index.js';
import { lintRoot, locations, ruleFixtures } from './rules-context-helper.js';

describe('context rules on their fixtures', () => {
  it('every context rule has a bad and a good fixture', () => {
    expect(ruleFixtures('context', rules).map((f) => f.rule.meta.id)).toEqual(rules.map((r) => r.meta.id));
  });

  it.each(ruleFixtures('context', rules).map((f) => [f.rule.meta.id, f] as const))(
    '%s',
    async (_id, fixture) => {
      const bad = await lintRoot(fixture.bad, fixture.rule, fixture.options);
      expect(locations(bad)).toEqual([...fixture.expected].sort());
      const good = await lintRoot(fixture.good, fixture.rule, fixture.options);
      expect(good).toEqual([]);
    },
  );
});
