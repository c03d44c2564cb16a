import http from 'node:http';
import net from 'node:net';
import { inspectContainerState, publishedPort } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import { matchPatterns } from '../regex.js';
import type { PortTest } from '../schema.js';
import { pause, seconds } from './wait.js';

function httpGet(host: string, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, timeout: 2_000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 65_536) body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2 s')));
    req.on('error', reject);
  });
}

/**
 * Opens a TCP connection. Docker's userland proxy accepts on the published port even when nothing listens
 * in the container, then closes: a connection counts as answered only when it is still open after
 * `holdMs` (or data came first).
 */
function tcpConnect(host: string, port: number, holdMs = 500): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const socket = net.connect({ host, port, timeout: 2_000 }, () => {
      timer = setTimeout(() => {
        socket.destroy();
        resolve();
      }, holdMs);
    });
    socket.on('data', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.on('timeout', () => socket.destroy(new Error('no answer within 2 s')));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error('the connection was closed'));
    });
  });
}

/**
 * A port of a started container answers from outside it: the port is published on a free loopback port,
 * then an HTTP GET of `path` must return `expectedStatus` (and match `expectedBody`), or, for `tcp`, a
 * connection must open, before the deadline.
 */
export async function runPortTest(ctx: CheckContext, test: PortTest): Promise<CheckOutcome> {
  const name = await ctx.serviceContainer();
  const started = Date.now();
  let lastError = 'no answer';
  let address: string | undefined;
  while (!ctx.signal.aborted) {
    address ??= await publishedPort(ctx.session.target, name, String(test.port));
    if (address) {
      const [host = '127.0.0.1', portText = '0'] = address.split(':');
      try {
        if (test.protocol === 'tcp') {
          await tcpConnect(host, Number(portText));
          return verdict([]);
        }
        const res = await httpGet(host, Number(portText), test.path);
        if (res.status === test.expectedStatus) {
          return verdict(matchPatterns(res.body, test.expectedBody, [], 'body'));
        }
        lastError = `GET ${test.path} answered ${res.status}, expected ${test.expectedStatus}`;
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
    const state = await inspectContainerState(ctx.session.target, name);
    if (!state?.running) return verdict([`the container exited with code ${state?.exitCode ?? '?'}`]);
    if (Date.now() - started > test.deadlineMs)
      return verdict([`port ${test.port} did not answer within ${seconds(test.deadlineMs)}: ${lastError}`]);
    await pause(250, ctx.signal);
  }
  return { status: 'error', errors: ['interrupted'] };
}
