import { envDeclarations } from '../../../dockerfile/index.js';
import type { Finding, InstructionRule } from '../../rule.js';
import { argNames, findingAt } from '../../stages.js';

/** Name words that mean "this holds a credential". Matched on whole `_`-separated words. */
const SECRET_WORDS = new Set([
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PWD',
  'SECRET',
  'TOKEN',
  'APIKEY',
  'CREDENTIALS',
]);
const SECRET_PAIRS = [
  'API_KEY',
  'ACCESS_KEY',
  'PRIVATE_KEY',
  'SECRET_KEY',
  'CLIENT_KEY',
  'AUTH_KEY',
  'SECRET_ACCESS',
];
/** Names that point at a secret rather than hold one (`PASSWORD_FILE=/run/secrets/db`). */
const POINTERS = new Set(['FILE', 'PATH', 'DIR', 'URL_FILE', 'LENGTH', 'LEN', 'MIN', 'MAX', 'POLICY', 'ENV']);

/**
 * DL3064: credentials in ARG or ENV end up in the image config or its history. Names are matched by
 * whole words, so TOKENIZERS_PARALLELISM or PASSTHROUGH are not secrets.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'secret-in-env-arg',
    category: 'security',
    severity: 'warning',
    enabledByDefault: false,
    hadolint: 'DL3064',
    description: 'ARG and ENV should not carry passwords, tokens or keys',
  },
  scope: 'instruction',
  keywords: ['ARG', 'ENV'],
  check(ins, _stage, file, ctx) {
    const names =
      ins.keyword === 'ARG' ? argNames(ins) : envDeclarations(ins, file.escape).map((e) => e.name);
    // Option `allow`: names known not to hold a secret in this repository.
    const allowed = ctx.options('secret-in-env-arg').allow;
    const allow = new Set(Array.isArray(allowed) ? allowed.map((a) => String(a).toUpperCase()) : []);
    const out: Finding[] = [];
    for (const name of names) {
      if (!looksSecret(name) || allow.has(name.toUpperCase())) continue;
      const where = ins.keyword === 'ARG' ? 'the image history (docker history)' : 'the image config';
      out.push(
        findingAt(
          file,
          ins,
          `${ins.keyword} ${name} looks like a secret: its value is kept in ${where}`,
          'pass it with RUN --mount=type=secret,id=... (docker build --secret) instead',
        ),
      );
    }
    return out;
  },
};

export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase();
  const words = upper.split(/[_.-]+/).filter((w) => w !== '');
  const last = words[words.length - 1] ?? '';
  if (POINTERS.has(last) && words.length > 1) return false;
  if (words.some((w) => SECRET_WORDS.has(w)))
    return !(words.length === 1 && (upper === 'PWD' || upper === 'PASS'));
  return SECRET_PAIRS.some((p) => `_${upper}_`.includes(`_${p}_`));
}
