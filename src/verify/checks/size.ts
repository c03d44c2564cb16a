import type { CheckContext, CheckOutcome } from '../context.js';
import { verdict } from '../context.js';
import type { SizeTest } from '../schema.js';

/** Bytes as Docker prints them (decimal units: go-units HumanSize). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${Number(n.toFixed(i === 0 ? 0 : 1))}${units[i]}`;
}

/** The image's size (the engine's `Size`: every layer, uncompressed) within the budget. */
export function runSizeTest(ctx: CheckContext, test: SizeTest): CheckOutcome {
  const size = ctx.config.size;
  const errors: string[] = [];
  if (test.maxBytes !== undefined && size > test.maxBytes)
    errors.push(`the image is ${humanSize(size)}, over its budget of ${humanSize(test.maxBytes)}`);
  if (test.minBytes !== undefined && size < test.minBytes)
    errors.push(`the image is ${humanSize(size)}, under the minimum of ${humanSize(test.minBytes)}`);
  return verdict(errors);
}
