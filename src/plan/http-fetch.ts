import http from 'node:http';
import type { FetchAnswer, FetchLike } from './registry.js';

/**
 * The registry questions strata asks (a HEAD of a manifest, a token) over node:http and node:https: a
 * few milliseconds, where the first call of the global fetch costs ~25 ms of start-up.
 */
export const nodeFetch: FetchLike = async (url, init) => {
  const target = new URL(url);
  // node:https costs ~9 ms to load; a registry on this machine speaks plain HTTP.
  const client = target.protocol === 'https:' ? (await import('node:https')).default : http;
  return new Promise<FetchAnswer>((resolve, reject) => {
    // No keep-alive agent: one question per connection, and nothing left to hold the process open.
    const req = client.request(
      target,
      { method: init.method, headers: init.headers, signal: init.signal, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: {
              get(name: string): string | null {
                const value = res.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
              },
            },
            json: async () => JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
};
