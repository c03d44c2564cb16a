import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateHome, strataDir } from '../../../src/state/paths.js';
import { testdir } from '../../helpers/testdir.js';

describe('strataDir', () => {
  it('is outside the repository, keyed by its real path', async () => {
    const root = await testdir({ Dockerfile: 'FROM x\n' });
    const dir = strataDir(root);
    expect(path.relative(root, dir).startsWith('..')).toBe(true);
    expect(path.basename(dir)).toMatch(new RegExp(`^${path.basename(root)}-[0-9a-f]{16}$`));
    const link = path.join(await testdir({}), 'link');
    await fs.symlink(root, link);
    expect(strataDir(link)).toBe(dir);
    expect(strataDir(await testdir({}))).not.toBe(dir);
  });

  it('follows STRATA_STATE_HOME, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(stateHome({ STRATA_STATE_HOME: '/s', XDG_STATE_HOME: '/x' })).toBe('/s');
    expect(stateHome({ XDG_STATE_HOME: '/x' })).toBe('/x/strata');
    expect(stateHome({ XDG_STATE_HOME: 'relative' })).toBe(path.join(os.homedir(), '.local/state/strata'));
    expect(stateHome({})).toBe(path.join(os.homedir(), '.local/state/strata'));
    expect(strataDir('/repo/app', { STRATA_STATE_HOME: '/s' })).toMatch(/^\/s\/app-[0-9a-f]{16}$/);
  });
});
