/**
 * Parses a compose `.env` file: `KEY=value`, `export KEY=value`, single quotes (literal), double quotes
 * (with \n escapes), unquoted values with ` #` comments. Later lines win. Values are not interpolated.
 */
export function parseDotenv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    env[m[1]!] = unquote(m[2]!);
  }
  return env;
}

function unquote(value: string): string {
  const q = value[0];
  if (q === "'" || q === '"') {
    const end = value.indexOf(q, 1);
    if (end > 0) {
      const inner = value.slice(1, end);
      return q === '"' ? inner.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : inner;
    }
  }
  return value.replace(/\s+#.*$/, '').trim();
}
