import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Image } from '../../../src/model/graph.js';
import { argDigest, fingerprintImage } from '../../../src/plan/fingerprint.js';
import { readArgKey } from '../../../src/state/arg-key.js';
import { appendHistory } from '../../../src/state/history.js';
import { historyPath, stateHome, statePath, strataDir } from '../../../src/state/paths.js';
import { StateRecorder } from '../../../src/state/state.js';
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

describe('what strata stores', () => {
  it('keeps build-arg values as keyed digests, never the values; the key is for the user only', async () => {
    const home = await testdir({});
    const env = { STRATA_STATE_HOME: home };
    const key = readArgKey(env);
    expect(readArgKey(env).equals(key)).toBe(true);
    expect((await fs.stat(path.join(home, 'arg-key'))).mode & 0o777).toBe(0o600);
    const image = { args: { PASSWORD: 'hunter2' }, platforms: [] } as unknown as Image;
    const inputs = { dockerfileText: 'FROM x\n', files: {}, parents: {}, externalBases: {} };
    const a = fingerprintImage(image, { ...inputs, argKey: key });
    const b = fingerprintImage(image, {
      ...inputs,
      argKey: readArgKey({ STRATA_STATE_HOME: await testdir({}) }),
    });
    expect(JSON.stringify(a)).not.toContain('hunter2');
    expect(a.args.PASSWORD).toBe(argDigest(key, 'hunter2'));
    // The hash is the same on every machine (registry reuse); the stored digests are per user.
    expect(a.hash).toBe(b.hash);
    expect(a.args.PASSWORD).not.toBe(b.args.PASSWORD);
  });

  it('writes state, history and the stamp readable by the user only', async () => {
    const root = await testdir({});
    await new StateRecorder(root).record('api', {
      fingerprint: { hash: 'h', dockerfile: 'd', files: {}, args: {}, parents: {}, externalBases: {} },
      tags: [],
      at: 'now',
      how: 'built',
    });
    await appendHistory(root, { version: 1, startedAt: 'now', durationMs: 0, ok: true, images: [] });
    expect((await fs.stat(strataDir(root))).mode & 0o777).toBe(0o700);
    expect((await fs.stat(statePath(root))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(historyPath(root))).mode & 0o777).toBe(0o600);
  });
});
