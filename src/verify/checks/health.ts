import { inspectContainerState } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import { goRegex } from '../regex.js';
import type { HealthTest } from '../schema.js';
import { pause, seconds } from './wait.js';

/** The engine's values for a HEALTHCHECK option left at 0 (Docker reference, HEALTHCHECK). */
const DEFAULTS = { interval: 30_000, timeout: 30_000, startPeriod: 0, retries: 3 };

const NS_PER_MS = 1_000_000;

/**
 * The HEALTHCHECK as declared (command, interval, timeout, start period, retries, from the image config),
 * then, unless `healthy: false`, a container started with the image's own entrypoint that reports healthy
 * before the deadline. An `unhealthy` status on the way is not a verdict while the container runs (a
 * later probe that passes makes it healthy); only the deadline or the container's exit are. The started container probes every `probeInterval` instead of the declared
 * interval, so the wait is not a multiple of it; the declared one is checked from the config.
 */
export async function runHealthTest(ctx: CheckContext, test: HealthTest): Promise<CheckOutcome> {
  const h = ctx.config.healthcheck;
  if (!h) return verdict(['the image declares no HEALTHCHECK']);
  const errors: string[] = [];
  const shown = h.test.join(' ');
  if (test.command !== undefined) {
    const exact = test.command === shown || test.command === h.test.slice(1).join(' ');
    if (!exact && !goRegex(test.command).test(shown))
      errors.push(`HEALTHCHECK runs \`${shown}\`, expected \`${test.command}\``);
  }
  const declared = {
    interval: h.interval ? h.interval / NS_PER_MS : DEFAULTS.interval,
    timeout: h.timeout ? h.timeout / NS_PER_MS : DEFAULTS.timeout,
    startPeriod: h.startPeriod ? h.startPeriod / NS_PER_MS : DEFAULTS.startPeriod,
    retries: h.retries || DEFAULTS.retries,
  };
  const compare = (
    what: string,
    actual: number,
    expected: number | undefined,
    fmt: (n: number) => string,
  ) => {
    if (expected !== undefined && actual !== expected)
      errors.push(`HEALTHCHECK ${what} is ${fmt(actual)}, expected ${fmt(expected)}`);
  };
  compare('interval', declared.interval, test.intervalMs, seconds);
  compare('timeout', declared.timeout, test.timeoutMs, seconds);
  compare('start period', declared.startPeriod, test.startPeriodMs, seconds);
  compare('retries', declared.retries, test.retries, String);
  if (!test.healthy || errors.length > 0) return verdict(errors);

  const name = await ctx.serviceContainer();
  const started = Date.now();
  let last = 'starting';
  while (!ctx.signal.aborted) {
    const state = await inspectContainerState(ctx.session.target, name);
    if (!state) return verdict([`container ${name} is gone`]);
    if (!state.running)
      return verdict([`the container exited with code ${state.exitCode} before it was healthy`]);
    last = state.health?.status ?? 'none';
    if (last === 'healthy') return verdict([]);
    // `unhealthy` is not final while the container runs: the next probe that passes makes it healthy.
    const out = state.health?.lastOutput?.trim();
    if (Date.now() - started > test.deadlineMs)
      return verdict([
        `not healthy after ${seconds(test.deadlineMs)} (health: ${last}${last === 'unhealthy' && out ? `: ${out}` : ''})`,
      ]);
    await pause(250, ctx.signal);
  }
  return { status: 'error', errors: ['interrupted'] };
}
