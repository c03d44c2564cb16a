import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testdir } from '../../helpers/testdir.js';

describe('strata scan on bad input', () => {
  it('reports every bad file on one line with its file, never a stack, and scans the rest', async () => {
    const root = await testdir({
      'good/Dockerfile': 'FROM debian:12\nRUN true\n',
      'broken/Dockerfile': 'FROM\nRUN ["unclosed\nFOO bar\n',
      'docker-compose.yml': 'services:\n  api:\n    build: [oops\n',
      'docker-bake.hcl': 'target "x" {\n  context = \n}\n',
      'loop/a': { symlink: '../loop' },
      'empty/Dockerfile': '',
      'ref/Dockerfile': { symlink: '../nowhere/Dockerfile' },
    });
    // A 50 MB file named Dockerfile.
    await fs.mkdir(path.join(root, 'huge'));
    const big = await fs.open(path.join(root, 'huge', 'Dockerfile'), 'w');
    await big.truncate(50 * 1024 * 1024);
    await big.close();

    const r = await runCli(['scan', root, '--json']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(r.stdout) as {
      images: { id: string }[];
      diagnostics: { file?: string; message: string }[];
    };
    expect(json.images.map((i) => i.id)).toContain('good');
    const files = new Set(json.diagnostics.map((d) => d.file));
    for (const f of ['broken/Dockerfile', 'docker-compose.yml', 'docker-bake.hcl', 'empty/Dockerfile']) {
      expect(files, f).toContain(f);
    }
    expect(files).toContain('huge/Dockerfile');
    for (const d of json.diagnostics) expect(d.message).not.toContain('\n');

    const text = await runCli(['scan', root]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('findings');
  });
});
