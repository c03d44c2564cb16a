/** Levenshtein distance, for "did you mean" candidates. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `max` names close to `name`, closest first. */
export function similarNames(name: string, names: Iterable<string>, max = 3): string[] {
  const limit = Math.max(3, Math.floor(name.length / 3));
  return [...new Set(names)]
    .map((n) => ({ n, d: editDistance(name, n) }))
    .filter(({ n, d }) => d <= limit || n.includes(name) || name.includes(n))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map(({ n }) => n);
}
