import { describe, expect, test } from 'vitest';
import { runCli as strata } from '../../helpers/cli.js';
import { testdir } from '../../helpers/testdir.js';

describe('a definition file that does not parse', () => {
  test.each([
    [
      'docker-compose.yml',
      'services:\n  app:\n    build: ./app\n    image: t/app:1\n   bad: [\n',
      /docker-compose\.yml:5: /,
    ],
    [
      'docker-bake.hcl',
      'target "app" {\n  context = "app"\n  tags = ["t/app:1"\n}\n',
      /docker-bake\.hcl:\d+: /,
    ],
  ])('%s: the images under it are blocked, plan exits 1 with file:line', async (file, text, where) => {
    const root = await testdir({
      [file]: text,
      'app/Dockerfile': 'FROM busybox\n',
      'other/sub/Dockerfile': 'FROM busybox\n',
    });
    const r = await strata(['plan', '--dir', root, '--json']);
    expect(r.code).toBe(1);
    const plan = JSON.parse(r.stdout) as {
      images: { id: string; blocked?: boolean; reasons: { kind: string; message: string }[] }[];
    };
    const app = plan.images.find((i) => i.id !== 'sub' && i.blocked);
    expect(app?.reasons[0]?.kind).toBe('definition-unreadable');
    expect(app?.reasons[0]?.message).toMatch(where);
  });

  test('a Dockerfile some other file defines is not blocked', async () => {
    const root = await testdir({
      'broken/docker-compose.yml': 'services: [\n',
      'docker-compose.yml': 'services:\n  app:\n    build: ./broken/app\n    image: t/app:1\n',
      'broken/app/Dockerfile': 'FROM busybox\n',
    });
    const r = await strata(['plan', '--dir', root, '--json']);
    expect(JSON.parse(r.stdout).images.map((i: { blocked?: boolean }) => i.blocked ?? false)).toEqual([
      false,
    ]);
  });
});
