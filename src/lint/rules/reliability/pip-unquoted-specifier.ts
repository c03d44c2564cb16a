import { runScript } from '../../knowledge/shell.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const PIP_INSTALL =
  /(?:^|[\s;&|(])(?:\S*\/)?(?:pip\d*(?:\.\d+)?|uv\s+pip|python\d*(?:\.\d+)?\s+-m\s+pip)\s+install\b/;
/** An unquoted word with a comparison: `pkg>=2`, `kserve[storage]>=0.11.0`, `numpy<2`. */
const UNQUOTED_SPEC = /(?:^|\s)([A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?)(<|>)(=?)([^\s;&|)<>]*)/g;

/**
 * The shell text of a pip command with its quoted parts blanked, so only unquoted `<` and `>` remain
 * (a quoted `"numpy>=2"` is fine).
 */
function unquoted(text: string): string {
  return text.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, (m) => ' '.repeat(m.length));
}

/**
 * `pip install kserve[storage]>=0.11.0` without quotes: the shell reads `>=0.11.0` as "write standard
 * output to the file `=0.11.0`", so pip installs the package with no version constraint and a stray file
 * lands in the image. `<` reads a file that does not exist and fails the build.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'pip-unquoted-specifier',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: true,
    description:
      'A version specifier with < or > is not quoted in pip install: the shell reads it as a redirect',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    if (ins.jsonForm) return [];
    for (const line of unquoted(runScript(ins)).split(/&&|\|\||;|\n/)) {
      if (!PIP_INSTALL.test(line)) continue;
      // `2>/dev/null` is a file-descriptor redirect, not a package.
      const m = [...line.slice(line.search(PIP_INSTALL)).matchAll(UNQUOTED_SPEC)].find(
        (x) => !/^\d+$/.test(x[1] ?? '') && /^\d/.test(x[4] ?? ''),
      );
      if (!m) continue;
      const [, pkg = '', op = '', eq = '', rest = ''] = m;
      const spec = `${pkg}${op}${eq}${rest}`;
      const what =
        op === '>'
          ? `the shell writes pip's output to a file named \`${eq}${rest}\` and pip installs ${pkg} with no version constraint`
          : `the shell reads the file \`${eq}${rest}\` as pip's input and the build fails`;
      return [findingAt(file, ins, `\`${spec}\` is not quoted: ${what}`, `quote it: pip install "${spec}"`)];
    }
    return [];
  },
};
