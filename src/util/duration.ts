const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds from `90s`, `10m`, `1m30s`, `1.5s`, `250ms` or a bare number of seconds
 * (Go's time.ParseDuration units ms/s/m/h, and `min`). Undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  if (!/^(?:\d+(?:\.\d+)?\s*(?:ms|s|min|m|h)\s*)+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)/g))
    total += Number(m[1]) * (UNIT_MS[m[2]!] ?? 0);
  return Math.round(total);
}
