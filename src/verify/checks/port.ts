import http from 'node:http';
import net from 'node:net';
import { inspectContainerState, publishedPort } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import { matchPatterns } from '../regex.js';
import type { PortTest } from '../schema.js';
import { pause, seconds } from './wait.js';

/** Longest single attempt, ms; an attempt never runs past the test's deadline. */
const ATTEMPT_MS = 2_000;

function httpGet(
  host: string,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 65_536) body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${seconds(timeoutMs)}`)));
    req.on('error', reject);
  });
}

/**
 * Opens a TCP connection. Docker's userland proxy accepts on the published port even when nothing listens
 * in the container, then closes: a connection counts as answered only when it is still open after
 * `holdMs` (or data came first).
 */
function tcpConnect(host: string, port: number, timeoutMs: number, holdMs = 500): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const socket = net.connect({ host, port, timeout: timeoutMs }, () => {
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
    socket.on('timeout', () => socket.destroy(new Error(`no answer within ${seconds(timeoutMs)}`)));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error('the connection was closed'));
    });
  });
}

/** What the last attempt on a port saw: an HTTP answer that was not the expected one, or an error. */
export type PortAttempt = { answered: string } | { error: string };

/**
 * The failure message of a port test at its deadline. It says `answered` when the port answered (only not
 * as expected), names a connection the userland proxy reset as nothing listening in the container, and
 * notes a port the image does not EXPOSE.
 */
export function portFailure(test: PortTest, last: PortAttempt, exposedPorts: string[]): string {
  const within = seconds(test.deadlineMs);
  const exposed = exposedPorts.includes(`${test.port}/tcp`)
    ? ''
    : ` (the image does not EXPOSE ${test.port}/tcp)`;
  if ('answered' in last)
    return `port ${test.port} answered, but not as expected within ${within}: ${last.answered}`;
  const reset = /ECONNRESET|connection was closed|socket hang up/i.test(last.error);
  const why = reset ? `nothing listens on ${test.port} in the container (${last.error})` : last.error;
  return `port ${test.port} did not answer within ${within}: ${why}${exposed}`;
}

/**
 * A port of a started container answers from outside it: the port is published on a free loopback port,
 * then an HTTP GET of `path` must return `expectedStatus` (and match `expectedBody`), or, for `tcp`, a
 * connection must open, before the deadline. Each attempt is cut at the deadline, so the test ends within
 * about one engine call of it.
 */
export async function runPortTest(ctx: CheckContext, test: PortTest): Promise<CheckOutcome> {
  const name = await ctx.serviceContainer();
  const started = Date.now();
  const left = () => test.deadlineMs - (Date.now() - started);
  let last: PortAttempt = { error: 'no answer' };
  let address: string | undefined;
  while (!ctx.signal.aborted) {
    address ??= await publishedPort(ctx.session.target, name, String(test.port));
    if (address && left() > 0) {
      const [host = '127.0.0.1', portText = '0'] = address.split(':');
      const timeout = Math.max(100, Math.min(ATTEMPT_MS, left()));
      try {
        if (test.protocol === 'tcp') {
          await tcpConnect(host, Number(portText), timeout, Math.min(500, timeout));
          return verdict([]);
        }
        const res = await httpGet(host, Number(portText), test.path, timeout);
        if (res.status === test.expectedStatus) {
          return verdict(matchPatterns(res.body, test.expectedBody, [], 'body'));
        }
        last = { answered: `GET ${test.path} answered ${res.status}, expected ${test.expectedStatus}` };
      } catch (e) {
        last = { error: (e as Error).message };
      }
    }
    if (left() <= 0) return verdict([portFailure(test, last, ctx.config.exposedPorts)]);
    const state = await inspectContainerState(ctx.session.target, name);
    if (!state?.running) return verdict([`the container exited with code ${state?.exitCode ?? '?'}`]);
    await pause(Math.min(250, Math.max(0, left())), ctx.signal);
  }
  return { status: 'error', errors: ['interrupted'] };
}
