/**
 * Compose-style variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a literal `$`. Defaults nest.
 */
export interface InterpolationResult {
  value: string;
  /** Variables that were unset and had no default (replaced by ''). */
  missing: string[];
  /** Messages of `${VAR:?message}` whose variable was unset. */
  errors: string[];
}

/**
 * `keepMissing`: an unset variable with no default stays as `${NAME}` instead of reading as '' (for
 * values only the invoking environment gives, such as a registry set in CI).
 */
export function interpolate(
  text: string,
  env: Record<string, string | undefined>,
  opts: { keepMissing?: boolean } = {},
): InterpolationResult {
  const missing: string[] = [];
  const errors: string[] = [];
  const unset = opts.keepMissing ? (name: string) => `\${${name}}` : () => '';
  const value = expand(text, env, missing, errors, unset);
  return { value, missing, errors };
}

type Unset = (name: string) => string;

function expand(
  text: string,
  env: Record<string, string | undefined>,
  missing: string[],
  errors: string[],
  unset: Unset,
): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const end = matchingBrace(text, i + 1);
      if (end < 0) {
        out += text.slice(i);
        break;
      }
      out += expandBraced(text.slice(i + 2, end), env, missing, errors, unset);
      i = end + 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) {
        out += '$';
        i++;
        continue;
      }
      const v = env[m[0]];
      if (v === undefined) missing.push(m[0]);
      out += v ?? unset(m[0]);
      i += 1 + m[0].length;
    }
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function expandBraced(
  inner: string,
  env: Record<string, string | undefined>,
  missing: string[],
  errors: string[],
  unset: Unset,
): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
  if (!m) return `\${${inner}}`;
  const name = m[1]!;
  const op = m[2];
  const arg = m[3] ?? '';
  const v = env[name];
  const unsetOrEmpty = v === undefined || v === '';
  switch (op) {
    case undefined:
      if (v === undefined) missing.push(name);
      return v ?? unset(name);
    case ':-':
      return unsetOrEmpty ? expand(arg, env, missing, errors, unset) : v;
    case '-':
      return v === undefined ? expand(arg, env, missing, errors, unset) : v;
    case ':+':
      return unsetOrEmpty ? '' : expand(arg, env, missing, errors, unset);
    case '+':
      return v === undefined ? '' : expand(arg, env, missing, errors, unset);
    case ':?':
    case '?':
      if (op === ':?' ? unsetOrEmpty : v === undefined) {
        errors.push(
          arg === ''
            ? `required variable ${name} is not set`
            : `${name}: ${expand(arg, env, missing, errors, unset)}`,
        );
        return '';
      }
      return v ?? '';
    default:
      return '';
  }
}
