import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli as strata } from '../../helpers/cli.js';
import { testdir } from '../../helpers/testdir.js';

const tree = {
  'docker-compose.yml':
    'services:\n  base:\n    build: ./base\n    image: acme/base:latest\n  api:\n    build: ./api\n    image: acme/api:latest\n',
  'base/Dockerfile': 'FROM alpine:3.19\n',
  'api/Dockerfile': 'FROM acme/base:latest\nCOPY . /app\n',
};

describe('strata bake', () => {
  test('writes docker-bake.json with the family in order, and never replaces it without --force', async () => {
    const root = await testdir(tree);
    const first = await strata(['bake', root]);
    expect(first.code).toBe(0);
    const bake = JSON.parse(await fs.readFile(path.join(root, 'docker-bake.json'), 'utf8'));
    expect(bake.group.default.targets).toEqual(['base', 'api']);
    expect(bake.target.api.contexts).toEqual({ 'acme/base': 'target:base' });

    await fs.writeFile(path.join(root, 'docker-bake.json'), '{"mine": true}\n');
    const again = await strata(['bake', root]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(await fs.readFile(path.join(root, 'docker-bake.json'), 'utf8')).toBe('{"mine": true}\n');
    expect((await strata(['bake', root, '--force'])).code).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(root, 'docker-bake.json'), 'utf8')).group).toBeDefined();
  });

  test('-o - prints it; -o FILE writes there', async () => {
    const root = await testdir(tree);
    const printed = await strata(['bake', root, '-o', '-']);
    expect(JSON.parse(printed.stdout).target.base.context).toBe('base');
    const file = path.join(root, 'out/bake.json');
    expect((await strata(['bake', root, '-o', file])).code).toBe(0);
    await expect(fs.access(file)).resolves.toBeUndefined();
  });
});
