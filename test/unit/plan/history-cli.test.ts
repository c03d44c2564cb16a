import { promises as fs } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { historyPath, strataDir } from '../../../src/state/paths.js';
import { runCli as strata } from '../../helpers/cli.js';
import { testdir } from '../../helpers/testdir.js';

describe('strata history', () => {
  test('says when nothing is recorded; --json gives the runs', async () => {
    const root = await testdir({});
    expect((await strata(['history', '--dir', root])).stdout).toContain('no build recorded yet');
    await fs.mkdir(strataDir(root), { recursive: true });
    const run = {
      version: 1,
      startedAt: '2026-01-01T10:00:00.000Z',
      durationMs: 12_000,
      ok: true,
      images: [
        {
          id: 'api',
          tags: ['api:latest'],
          action: 'build',
          status: 'built',
          durationMs: 11_000,
          fingerprint: 'f',
          size: 2_000_000,
          steps: [
            { name: 'RUN x', durationMs: 10, cached: true },
            { name: 'COPY', durationMs: 1, cached: false },
          ],
        },
        { id: 'base', tags: [], action: 'skip', status: 'skipped', durationMs: 0, fingerprint: 'g' },
      ],
    };
    await fs.writeFile(historyPath(root), `${JSON.stringify(run)}\n`);
    const text = (await strata(['history', '--dir', root])).stdout;
    expect(text).toContain('2026-01-01 10:00:00Z  ok  12.0s  1 built, 1 skipped');
    expect(text).toMatch(/api\s+built\s+11\.0s\s+1\/2 steps cached\s+2\.0 MB/);
    expect(JSON.parse((await strata(['history', '--dir', root, '--json'])).stdout).runs).toHaveLength(1);
    expect((await strata(['history', '--dir', root, '--limit', 'x'])).code).toBe(2);
  });
});
