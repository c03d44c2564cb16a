import { describe, expect, it } from 'vitest';
import { renderFamilyDocs } from '../../../src/report/index.js';
import { scanRepository } from '../../../src/scan.js';
import { runCli } from '../../helpers/cli.js';
import { dedent, testdir } from '../../helpers/testdir.js';

const tree = {
  'base/Dockerfile': 'FROM python:3.12-slim\nRUN pip install torch==2.1.0\n',
  'api/Dockerfile': 'FROM team/base:1\nARG TOKEN\nCOPY . /app\n',
  'docker-compose.yml': dedent(`
    services:
      base: { build: { context: base }, image: team/base:1 }
      api: { build: { context: api, args: { TOKEN: s3cret } }, image: team/api:1 }
  `),
};

describe('strata docs', () => {
  it('a Markdown page: images, bases, build order, how to build one; no build-arg value', async () => {
    const root = await testdir(tree);
    const { graph } = await scanRepository(root);
    const page = renderFamilyDocs(graph, undefined, { title: 'Images' });
    expect(page).toMatch(/^# Images\n/);
    expect(page).toContain('| **api** | service | base |');
    expect(page).toContain('`python:3.12-slim`');
    expect(page).toMatch(/## Build order\n\n1\. `base`\n2\. `api`/);
    expect(page).toContain('strata build api');
    expect(page).toContain('docker build -f api/Dockerfile --build-arg TOKEN -t team/api:1 api');
    expect(page).not.toContain('s3cret');
  });

  it('the CLI prints the page without the engine when asked', async () => {
    const root = await testdir(tree);
    const run = await runCli(['docs', root, '--no-sizes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('## Images');
  });
});
