import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { rules as a } from '../../../src/lint/rules/cache/index.js';
import { rules as b } from '../../../src/lint/rules/size/index.js';
import { rules as c } from '../../../src/lint/rules/reliability/index.js';
import { rules as d } from '../../../src/lint/rules/ml/index.js';
import { rules as e } from '../../../src/lint/rules/family/index.js';
import { rules as f } from '../../../src/lint/rules/context/index.js';
import { lintRoot } from './rules-context-helper.js';
function dirs(root: string, depth: number): string[] {
  if (depth === 0) return [];
  const out: string[] = [];
  for (const n of readdirSync(root)) {
    const p = path.join(root, n);
    if (statSync(p).isDirectory()) out.push(p, ...dirs(p, depth - 1));
  }
  return out;
}
it('fuzz', async () => {
  const all = [...a, ...b, ...c, ...d, ...e, ...f];
  let n = 0;
  for (const dir of dirs('test/fixtures', 4)) {
    try {
      const found = await lintRoot(dir, all);
      n += found.length;
    } catch (err) {
      console.log('CRASH', dir, (err as Error).message);
    }
  }
  console.log('findings', n);
}, 300000);
