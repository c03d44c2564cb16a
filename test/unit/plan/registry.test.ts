import { describe, expect, test } from 'vitest';
import type { ImageRef } from '../../../src/model/dockerfile.js';
import { externalBaseIdentity } from '../../../src/plan/external-bases.js';
import {
  type FetchAnswer,
  type FetchLike,
  fingerprintRef,
  manifestExists,
  probeRegistry,
  remoteDigest,
  repositoryName,
  splitRef,
} from '../../../src/plan/registry.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;

function answer(status: number, headers: Record<string, string> = {}, body: unknown = {}): FetchAnswer {
  return { status, headers: { get: (n) => headers[n.toLowerCase()] ?? null }, json: async () => body };
}

/** A fake registry: url -> answer; records the calls. */
function fakeFetch(routes: Record<string, (auth?: string) => FetchAnswer>) {
  const calls: string[] = [];
  const impl: FetchLike = async (url, init) => {
    calls.push(`${init.method} ${url}`);
    const route = routes[url];
    if (!route) throw new Error('ECONNREFUSED');
    return route(init.headers.Authorization);
  };
  return { impl, calls };
}

describe('fingerprint references', () => {
  test('R/<name>:fp-<fingerprint>, with the name made valid for a repository', () => {
    expect(fingerprintRef('127.0.0.1:5000/', 'Base_ML', 'abc')).toBe('127.0.0.1:5000/base_ml:fp-abc');
    expect(fingerprintRef('reg.example.com/team', 'api', 'abc')).toBe('reg.example.com/team/api:fp-abc');
    expect(repositoryName('--My App--')).toBe('my-app');
    expect(splitRef('127.0.0.1:5000/team/api:fp-1')).toEqual({
      host: '127.0.0.1:5000',
      repository: 'team/api',
      tag: 'fp-1',
    });
    expect(splitRef('api')).toBeUndefined();
  });
});

describe('manifestExists', () => {
  test('local registries are asked over HTTP: 200 present, 404 absent, anything else unknown', async () => {
    const { impl, calls } = fakeFetch({
      'http://127.0.0.1:5000/v2/api/manifests/fp-1': () => answer(200),
      'http://127.0.0.1:5000/v2/api/manifests/fp-2': () => answer(404),
      'http://127.0.0.1:5000/v2/api/manifests/fp-3': () => answer(500),
    });
    expect(await manifestExists('127.0.0.1:5000/api:fp-1', impl)).toBe(true);
    expect(await manifestExists('127.0.0.1:5000/api:fp-2', impl)).toBe(false);
    expect(await manifestExists('127.0.0.1:5000/api:fp-3', impl)).toBe('unknown');
    expect(await manifestExists('127.0.0.1:5001/api:fp-1', impl)).toBe('unknown');
    expect(calls[0]).toBe('HEAD http://127.0.0.1:5000/v2/api/manifests/fp-1');
  });

  test('a registry that asks for a bearer token gets an anonymous one, over HTTPS', async () => {
    const { impl } = fakeFetch({
      'https://reg.example.com/v2/team/api/manifests/fp-1': (auth) =>
        auth === 'Bearer t0k'
          ? answer(200)
          : answer(401, {
              'www-authenticate': 'Bearer realm="https://auth.example.com/token",service="reg"',
            }),
      'https://auth.example.com/token?service=reg&scope=repository%3Ateam%2Fapi%3Apull': () =>
        answer(200, {}, { token: 't0k' }),
    });
    expect(await manifestExists('reg.example.com/team/api:fp-1', impl)).toBe(true);
  });

  test('probeRegistry falls back to a pull when the API cannot tell', async () => {
    const { impl } = fakeFetch({ 'http://127.0.0.1:5000/v2/a/manifests/fp-1': () => answer(404) });
    const pulled: string[] = [];
    const engine = {
      pull: async (ref: string) => {
        pulled.push(ref);
        return ref.includes('yes');
      },
    };
    const out = await probeRegistry(
      engine,
      ['127.0.0.1:5000/a:fp-1', 'private.example.com/yes:fp-1', 'private.example.com/no:fp-1'],
      impl,
    );
    expect(out).toEqual({
      '127.0.0.1:5000/a:fp-1': false,
      'private.example.com/yes:fp-1': true,
      'private.example.com/no:fp-1': false,
    });
    expect(pulled.sort()).toEqual(['private.example.com/no:fp-1', 'private.example.com/yes:fp-1']);
  });
});

describe('externalBaseIdentity', () => {
  const ref = (raw: string, extra: Partial<ImageRef> = {}): ImageRef => ({
    raw,
    registry: 'docker.io',
    repository: 'library/python',
    tag: '3.12-slim',
    familiar: 'python:3.12-slim',
    ...extra,
  });
  const details = (repoDigests: string[]) => ({ id: 'sha256:local', repoDigests });

  test('a digest in the reference wins without asking anyone', async () => {
    const engine = { inspectImage: async () => undefined };
    expect(await externalBaseIdentity(ref('python@x', { digest: DIGEST }), engine)).toBe(DIGEST);
  });

  test('a pulled base is known by its registry digest (the same on every machine), a local-only one by its id', async () => {
    expect(
      await externalBaseIdentity(ref('python:3.12-slim'), {
        inspectImage: async () => details([`python@${DIGEST}`]),
      }),
    ).toBe(DIGEST);
    expect(
      await externalBaseIdentity(ref('python:3.12-slim'), { inspectImage: async () => details([]) }),
    ).toBe('sha256:local');
  });

  test('a base missing here is known by the digest its registry serves; absent when nothing answers', async () => {
    const local = ref('127.0.0.1:5000/team/base:1', {
      registry: '127.0.0.1:5000',
      repository: 'team/base',
      tag: '1',
      familiar: '127.0.0.1:5000/team/base:1',
    });
    const { impl } = fakeFetch({
      'http://127.0.0.1:5000/v2/team/base/manifests/1': () =>
        answer(200, { 'docker-content-digest': DIGEST }),
    });
    const engine = { inspectImage: async () => undefined };
    expect(await externalBaseIdentity(local, engine, impl)).toBe(DIGEST);
    expect(await externalBaseIdentity(ref('python:3.12-slim'), engine, impl)).toBe('absent');
    expect(await remoteDigest('127.0.0.1:5000', 'team/base', '1', impl)).toBe(DIGEST);
  });
});
