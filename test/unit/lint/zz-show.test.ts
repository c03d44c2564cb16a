import { it } from 'vitest';
import { rules as a } from '../../../src/lint/rules/cache/index.js';
import { rules as f } from '../../../src/lint/rules/context/index.js';
import { rules as e } from '../../../src/lint/rules/family/index.js';
import { rules as d } from '../../../src/lint/rules/ml/index.js';
import { rules as c } from '../../../src/lint/rules/reliability/index.js';
import { rules as b } from '../../../src/lint/rules/size/index.js';
import { lintRoot } from './rules-context-helper.js';

it('show', async () => {
  for (const ex of (process.env.EXAMPLES ?? 'pose-app,speech-pipeline,api-ml-worker').split(',')) {
    console.log(`=== ${ex}`);
    for (const x of await lintRoot(`examples/${ex}`, [...a, ...b, ...c, ...d, ...e, ...f]))
      console.log(`${x.rule} ${x.file}:${x.line} ${x.message}`);
  }
}, 60000);
