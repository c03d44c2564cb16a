import { editDistance } from '../graph/similar.js';

/** A `$NAME` / `${NAME...}` reference in a Dockerfile word. */
export interface VariableRef {
  name: string;
  /** `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`, `${NAME:?x}`: the reference has its own answer. */
  modifier: boolean;
}

/**
 * The variable references BuildKit's word expansion sees in `text`: escaped `$` (`\$`) and single-quoted
 * text are literal. Names inside a modifier's word (`${A:-$B}`) are found too.
 */
export function variableRefs(text: string, escapeChar = '\\'): VariableRef[] {
  const out: VariableRef[] = [];
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === escapeChar) {
      i++;
      continue;
    }
    if (ch === "'") quote = !quote;
    if (quote || ch !== '$') continue;
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([:?+-]?)|([A-Za-z_][A-Za-z0-9_]*))/.exec(text.slice(i));
    if (!m) continue;
    out.push({ name: (m[1] ?? m[3])!, modifier: (m[2] ?? '') !== '' });
  }
  return out;
}

/** BuildKit's "did you mean" for a name: the closest candidate within an edit distance below 3. */
export function suggestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
