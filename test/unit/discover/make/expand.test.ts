import { describe, expect, test } from 'vitest';
import { type ExpandContext, expandMake, type MakeVariable } from '../../../../src/discover/make/expand.js';
import { isUnresolved } from '../../../../src/discover/script-text.js';

function ctx(vars: Record<string, string | MakeVariable>, cwd = '.'): ExpandContext {
  const table = new Map<string, MakeVariable>(
    Object.entries(vars).map(([k, v]) => [
      k,
      typeof v === 'string' ? { flavor: 'recursive', value: v, origin: 'file' } : v,
    ]),
  );
  const make = (bound: Record<string, string>): ExpandContext => ({
    cwd,
    lookup: (name) =>
      name in bound ? { flavor: 'simple', value: bound[name]!, origin: 'automatic' } : table.get(name),
    with: (b) => make({ ...bound, ...b }),
  });
  return make({});
}

describe('make expansion', () => {
  test.each([
    ['$(addprefix build/,a b)', 'build/a build/b'],
    ['$(addsuffix .img,a b)', 'a.img b.img'],
    ['$(notdir images/x/y build/z)', 'y z'],
    ['$(dir images/x/y z)', 'images/x/ ./'],
    ['$(basename a.tar.gz b.c)', 'a.tar b'],
    ['$(patsubst %-notebook,nb-%,base-notebook x)', 'nb-base x'],
    ['$(subst .,,12.8.1)', '1281'],
    ['$(filter %-cuda,a-cuda b a-cpu)', 'a-cuda'],
    ['$(filter-out a,a b c)', 'b c'],
    ['$(word 2,a b c)', 'b'],
    ['$(words a b c)', '3'],
    ['$(firstword  a b)', 'a'],
    ['$(strip   a   b  )', 'a b'],
    ['$(sort c a b a)', 'a b c'],
    ['$(if $(EMPTY),yes,no)', 'no'],
    ['$(if x,yes,no)', 'yes'],
    ['$(foreach I,$(IMAGES),build/$(I))', 'build/base build/jupyter'],
    ['$(call tag,base)', 'acme/base:1.0'],
    ['$(IMAGES:%=push/%)', 'push/base push/jupyter'],
    ['$(IMAGES:e=E)', 'basE jupyter'],
    ['$($(NAME)_TAG)', '2.0'],
    ['$$HOME', '$HOME'],
  ])('%s', (text, expected) => {
    const c = ctx({
      IMAGES: 'base jupyter',
      tag: 'acme/$(1):$(TAG)',
      TAG: '1.0',
      NAME: 'X',
      X_TAG: '2.0',
    });
    expect(expandMake(text, c).trim().replace(/\s+/g, ' ')).toBe(expected);
  });

  test('$(shell ...) stays unresolved and is reported; command -v is taken to find the tool', () => {
    const seen: string[] = [];
    const c = { ...ctx({}), onUnresolved: (t: string) => seen.push(t) };
    expect(isUnresolved(expandMake('x-$(shell git rev-parse --short HEAD)', c))).toBe(true);
    expect(seen).toEqual(['$(shell git rev-parse --short HEAD)']);
    expect(expandMake('$(if $(shell command -v docker),docker,podman)', c)).toBe('docker');
  });
});
