import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFetch } from '../../../src/plan/http-fetch.js';
import { remoteDigest } from '../../../src/plan/registry.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
let server: http.Server;
let host = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/v2/team/app/manifests/1' && req.method === 'HEAD') {
      res.writeHead(200, { 'Docker-Content-Digest': DIGEST });
      res.end();
    } else if (req.url === '/token') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ token: 't' }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('nodeFetch', () => {
  it('asks a registry on this machine for a manifest digest', async () => {
    expect(await remoteDigest(host, 'team/app', '1', nodeFetch)).toBe(DIGEST);
    expect(await remoteDigest(host, 'team/app', '2', nodeFetch)).toBeUndefined();
  });

  it('reads headers and JSON bodies', async () => {
    const headers = { Accept: 'application/json' };
    const res = await nodeFetch(`http://${host}/token`, {
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(2000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ token: 't' });
  });
});
