import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { expand, parseDockerfile, parseShell, resolveDockerfile } from '../../../src/dockerfile/index.js';

const DIR = path.resolve(__dirname, '../../fixtures/dockerfile');
const FIXTURES = readdirSync(DIR).map((name) => readFileSync(path.join(DIR, name), 'utf8'));
const PIECES = [
  '\n',
  '\\',
  '`',
  '"',
  "'",
  '<<',
  '<<-',
  'EOF',
  '#',
  '$',
  '${',
  '}',
  '[',
  ']',
  '--',
  '=',
  ' ',
  '\r\n',
  'FROM ',
  'AS ',
  ',',
];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const piece = PIECES[Math.floor(next() * PIECES.length)]!;
    out =
      next() < 0.3
        ? out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 8))
        : out.slice(0, at) + piece + out.slice(at);
  }
  return out;
}

describe('mutated real Dockerfiles never make the adapter throw', () => {
  test('600 mutations of the fixtures: parse, resolve, shell split, expand', () => {
    const next = random(20_261_122);
    for (let i = 0; i < 600; i++) {
      const text = mutate(FIXTURES[i % FIXTURES.length]!, next);
      const parsed = parseDockerfile(text, 'fuzz');
      expect(parsed.diagnostics.filter((d) => d.code === 'STRATA_DF_INTERNAL')).toEqual([]);
      const resolved = resolveDockerfile(parsed, {
        target: parsed.stages[0]?.name,
        namedContexts: ['alpine'],
      });
      expect(resolved.stages).toHaveLength(parsed.stages.length);
      for (const ins of parsed.instructions) {
        expect(ins.range.line).toBeGreaterThan(0);
        expect(ins.range.endLine).toBeGreaterThanOrEqual(ins.range.line);
        if (ins.keyword === 'RUN') parseShell(ins.args);
        for (const h of ins.heredocs) parseShell(h.body);
        expand(ins.args, {}, { escape: parsed.escape });
      }
    }
  });
});
