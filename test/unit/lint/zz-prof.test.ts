import { it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { defaultLintConfig } from '../../../src/lint/config.js';
import { lintGraph } from '../../../src/lint/engine.js';
import { rules as e } from '../../../src/lint/rules/family/index.js';
import { rules as f } from '../../../src/lint/rules/context/index.js';
import { rules as r } from '../../../src/lint/rules/reliability/index.js';
import { scanRepository } from '../../../src/scan.js';
it('prof', async () => {
  const root = process.env.ROOT!;
  const s = await scanRepository(root);
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const res = await lintGraph({ root, graph: s.graph, discovery: s.discovery, dockerfiles: s.dockerfiles }, { config: defaultLintConfig(), rules: [...r, ...e, ...f] });
    console.log(Math.round(performance.now() - t), JSON.stringify(Object.fromEntries(Object.entries((res as unknown as {timings: Record<string, number>}).timings).map(([k, v]) => [k, Math.round(v)]))));
  }
}, 120000);
