import type { Mount } from '../model/dockerfile.js';

const TARGET_KEYS = new Set(['target', 'dst', 'destination']);
const SOURCE_KEYS = new Set(['source', 'src']);

/**
 * Parses a `RUN --mount=` value: comma-separated `key=value` fields (CSV quoting allowed, keys are
 * case-insensitive), a bare key such as `readonly` meaning `true`. `type` defaults to `bind`;
 * `dst`/`destination` are aliases of `target`, `src` of `source`. Every field is also in `options`.
 */
export function parseMount(value: string): Mount {
  const mount: Mount = { type: 'bind', options: {} };
  for (const field of splitCsv(value)) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const key = (eq === -1 ? field : field.slice(0, eq)).trim().toLowerCase();
    const val = eq === -1 ? 'true' : field.slice(eq + 1);
    mount.options[key] = val;
    if (key === 'type') mount.type = val.toLowerCase();
    else if (TARGET_KEYS.has(key)) mount.target = val;
    else if (SOURCE_KEYS.has(key)) mount.source = val;
    else if (key === 'from') mount.from = val;
    else if (key === 'id') mount.id = val;
  }
  return mount;
}

/** Splits one CSV record: `"a,b",c` gives `a,b` and `c`; `""` inside quotes is one `"`. */
function splitCsv(text: string): string[] {
  if (!text.includes('"')) return text.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      out.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  out.push(field);
  return out;
}
