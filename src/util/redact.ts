/** What a hidden value is shown and stored as. */
export const REDACTED = '***';

/** Flags whose `NAME=VALUE` operand carries a value strata never prints or stores (docker's and strata's own). */
const VALUE_FLAGS = new Set(['--build-arg', '--set']);

/**
 * An argv with the values of `--build-arg NAME=VALUE` and `--set KEY=VALUE` (also in their `--flag=...`
 * forms) replaced by `***`; the names stay, so a log still says which arg was passed. For every line
 * strata prints or writes that holds a command line.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0 && VALUE_FLAGS.has(word.slice(0, eq))) {
      out.push(`${word.slice(0, eq)}=${hideValue(word.slice(eq + 1))}`);
      continue;
    }
    out.push(word);
    if (VALUE_FLAGS.has(word) && i + 1 < argv.length) out.push(hideValue(argv[++i]!));
  }
  return out;
}

/** `NAME=VALUE` -> `NAME=***`; a bare `NAME` (docker takes its value from the environment) as it is. */
function hideValue(operand: string): string {
  const eq = operand.indexOf('=');
  return eq < 0 ? operand : `${operand.slice(0, eq)}=${REDACTED}`;
}
