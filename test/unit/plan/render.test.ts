import { describe, expect, test } from 'vitest';
import type { BuildPlan } from '../../../src/model/plan.js';
import { planToJson, renderPlan } from '../../../src/plan/render.js';

const plan: BuildPlan = {
  waves: [['base'], ['api', 'web']],
  images: [
    {
      id: 'base',
      tags: ['acme/base:latest'],
      action: 'skip',
      parents: [],
      fingerprint: 'f1',
      reasons: [{ kind: 'up-to-date', message: 'acme/base:latest already built from these inputs' }],
    },
    {
      id: 'api',
      tags: ['acme/api:latest'],
      action: 'build',
      parents: ['base'],
      fingerprint: 'f2',
      reasons: [
        { kind: 'files-changed', message: 'api/app.py changed', subjects: ['api/app.py'] },
        { kind: 'files-changed', message: '4 more files changed', subjects: ['a', 'b', 'c', 'd'] },
        { kind: 'args-changed', message: 'arg APP_ENV changed', subjects: ['APP_ENV'] },
      ],
    },
    {
      id: 'web',
      tags: [],
      action: 'reuse',
      parents: ['base'],
      fingerprint: 'f3',
      reuseFrom: 'r/web:fp-f3',
      reasons: [{ kind: 'in-registry', message: 'r/web:fp-f3 holds this fingerprint' }],
    },
  ],
};

describe('renderPlan', () => {
  test('one block per wave, the action and tags per image, one line per reason, a count', () => {
    expect(renderPlan(plan)).toBe(
      [
        'wave 1',
        '  skip  base (acme/base:latest)',
        '          acme/base:latest already built from these inputs',
        'wave 2',
        '  build api (acme/api:latest)',
        '          api/app.py changed',
        '          4 more files changed: a, b, c, ...',
        '          arg APP_ENV changed',
        '  reuse web',
        '          r/web:fp-f3 holds this fingerprint',
        '1 to build, 1 to reuse, 1 up to date',
        '',
      ].join('\n'),
    );
  });

  test('an empty plan says so', () => {
    expect(renderPlan({ images: [], waves: [] })).toContain('nothing to plan');
  });

  test('the JSON form carries id, tags, action, reasons, and a summary', () => {
    const json = planToJson(plan);
    expect(json.version).toBe(1);
    expect(json.images[2]).toEqual({
      id: 'web',
      tags: [],
      action: 'reuse',
      reasons: [{ kind: 'in-registry', message: 'r/web:fp-f3 holds this fingerprint' }],
      fingerprint: 'f3',
      parents: ['base'],
      reuseFrom: 'r/web:fp-f3',
    });
    expect(json.summary).toEqual({ build: 1, skip: 1, reuse: 1 });
    expect(json.waves).toEqual(plan.waves);
  });
});
