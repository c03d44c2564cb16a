import { it } from 'vitest';
import { rules as e } from '../../../src/lint/rules/family/index.js';
import { rules as f } from '../../../src/lint/rules/context/index.js';
import { lintRoot } from './rules-context-helper.js';
it('show', async () => {
  const root = process.env.ROOT!;
  const found = await lintRoot(root, [...e, ...f]);
  for (const x of found.slice(0, 30)) console.log(`${x.rule} ${x.file}:${x.line} ${x.message}`);
}, 60000);
