import { describe, expect, test } from 'vitest';
import { lintRepository } from '../../../src/lint/repository.js';
import { rules as hygiene } from '../../../src/lint/rules/hygiene/index.js';
import { rules as security } from '../../../src/lint/rules/security/index.js';
import { enabling, expectedLines, fixtureCases } from './helpers.js';

const cases = await fixtureCases(['hygiene', 'security']);

describe('hygiene and security rules on their fixtures', () => {
  test.each(cases)('$rule / $variant', async ({ rule, variant, dir }) => {
    const result = await lintRepository(dir, { overrides: enabling(rule) });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const found = result.diagnostics.filter((d) => d.code === rule).map((d) => `${d.file}:${d.line}`);
    if (variant.startsWith('bad')) {
      const expected = await expectedLines(dir);
      expect(expected.length).toBeGreaterThan(0);
      expect(found.sort()).toEqual(expected);
    } else {
      expect(found).toEqual([]);
    }
  });

  test.each([...hygiene, ...security].map((r) => r.meta.id))('%s has a bad and a good fixture', (id) => {
    const variants = cases.filter((c) => c.rule === id).map((c) => c.variant);
    expect(variants.some((v) => v.startsWith('bad'))).toBe(true);
    expect(variants.some((v) => v.startsWith('good'))).toBe(true);
  });
});
