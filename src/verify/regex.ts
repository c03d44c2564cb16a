/**
 * CST's patterns are Go RE2 expressions, matched unanchored (regexp.MatchString). RE2's leading inline
 * flags `(?i)`, `(?s)`, `(?m)` become JavaScript flags; the rest of the syntax both engines share.
 */
export function goRegex(pattern: string): RegExp {
  const m = pattern.match(/^\(\?([ims]+)\)/);
  if (!m) return new RegExp(pattern);
  return new RegExp(pattern.slice(m[0].length), [...new Set(m[1])].join(''));
}

/** Errors for expected patterns not found and excluded patterns found in `text`. */
export function matchPatterns(text: string, expected: string[], excluded: string[], what: string): string[] {
  const errors: string[] = [];
  for (const p of expected) {
    if (!goRegex(p).test(text)) errors.push(`expected ${what} /${p}/ not found in: ${excerpt(text)}`);
  }
  for (const p of excluded) {
    if (goRegex(p).test(text)) errors.push(`excluded ${what} /${p}/ found in: ${excerpt(text)}`);
  }
  return errors;
}

function excerpt(text: string): string {
  const flat = text.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  if (flat === '') return '(empty)';
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
