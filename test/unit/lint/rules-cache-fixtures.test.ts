import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/lint/rules/cache/index.js';
import { lintRoot, locations, ruleFixtures } from './rules-context-helper.js';

describe('cache rules on their fixtures', () => {
  it('every cache rule has a bad and a good fixture', () => {
    expect(ruleFixtures('cache', rules).map((f) => f.rule.meta.id)).toEqual(rules.map((r) => r.meta.id));
  });

  it.each(ruleFixtures('cache', rules).map((f) => [f.rule.meta.id, f] as const))(
    '%s',
    async (_id, fixture) => {
      const bad = await lintRoot(fixture.bad, fixture.rule, fixture.options);
      expect(locations(bad)).toEqual([...fixture.expected].sort());
      const good = await lintRoot(fixture.good, fixture.rule, fixture.options);
      expect(good).toEqual([]);
    },
  );
});
