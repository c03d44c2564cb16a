import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testdir } from '../helpers/testdir.js';

/**
 * The one-way flow of the README: discover -> dockerfile -> graph -> lint | plan -> build -> analyse ->
 * verify -> report, then the CLI and the package's entry. A module may import its own stage, an earlier
 * stage, or a foundation (the shared types, utilities, the engine's one exec module, the state folder);
 * never a later stage, nor a sibling of its rank (lint and plan do not import each other).
 */
const RANK: Record<string, number> = {
  model: 0,
  util: 0,
  version: 0,
  engine: 0,
  state: 0,
  discover: 1,
  dockerfile: 2,
  graph: 3,
  scan: 3.5, // discover + dockerfile + graph in one call
  lint: 4,
  plan: 4,
  bake: 4,
  build: 5,
  analyse: 6,
  verify: 7,
  report: 8,
  cli: 9,
  index: 10,
};

/** `from '../x/y.js'` of every module under `src`, as `stage -> stage` where the rule is broken. */
async function violations(src: string): Promise<string[]> {
  const out: string[] = [];
  const files = (await fs.readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
  for (const rel of files) {
    const stage = stageOf(rel);
    const text = await fs.readFile(path.join(src, rel), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.relative(src, path.resolve(src, path.dirname(rel), m[1]!));
      const to = stageOf(target);
      if (to === stage) continue;
      const [a, b] = [RANK[stage], RANK[to]];
      if (a === undefined || b === undefined) {
        out.push(`${rel}: ${a === undefined ? stage : to} has no place in the flow (add it to RANK)`);
      } else if (b !== 0 && b >= a) {
        out.push(`${rel}: ${stage} imports ${to} (${m[1]})`);
      }
    }
  }
  return out.sort();
}

function stageOf(rel: string): string {
  return rel.split(path.sep)[0]!.replace(/\.(ts|js)$/, '');
}

describe('the flow goes one way', () => {
  it('no module of src imports from a later stage', async () => {
    expect(await violations(path.resolve(import.meta.dirname, '../../src'))).toEqual([]);
  });

  it('catches a stage that imports a later one, and siblings that import each other', async () => {
    const src = await testdir({
      'graph/build.ts': "import { decide } from '../plan/plan.js';\n",
      'plan/plan.ts':
        "import { lintGraph } from '../lint/engine.js';\nimport type { X } from '../model/x.js';\n",
      'build/run.ts':
        "import { decide } from '../plan/plan.js';\nconst m = await import('../cli/main.js');\n",
      'lint/engine.ts': "import { scan } from '../scan.js';\n",
    });
    expect(await violations(src)).toEqual([
      'build/run.ts: build imports cli (../cli/main.js)',
      'graph/build.ts: graph imports plan (../plan/plan.js)',
      'plan/plan.ts: plan imports lint (../lint/engine.js)',
    ]);
  });
});
