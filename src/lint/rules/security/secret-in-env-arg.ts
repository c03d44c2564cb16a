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
    buildkit: 'SecretsUsedInArgOrEnv',
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

/** BuildKit's SecretsUsedInArgOrEnv patterns (frontend/dockerfile/dockerfile2llb/convert.go). */
const BUILDKIT_SECRET =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const BUILDKIT_NOT_SECRET = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** Public by design: the release-signing key fingerprint official images set (`ENV GPG_KEY=A035...`). */
const PUBLIC_NAMES = new Set(['GPG_KEY', 'GPG_KEYS', 'PGP_KEY']);

/**
 * A name that holds a credential: BuildKit's patterns, plus strata's word pairs (`API_KEY`, `PASS`).
 * Unlike BuildKit, a name that points at a secret (`HF_TOKEN_PATH`, `PASSWORD_FILE`) or a public signing
 * key (`GPG_KEY`) is not one.
 */
export function looksSecret(name: string): boolean {
  if (BUILDKIT_NOT_SECRET.test(name) || PUBLIC_NAMES.has(name.toUpperCase())) return false;
  const parts = name.toUpperCase().split(/[_.-]+/);
  if (parts.length > 1 && POINTERS.has(parts[parts.length - 1] ?? '')) return false;
  if (BUILDKIT_SECRET.test(name)) return true;
  const upper = name.toUpperCase();
  const words = upper.split(/[_.-]+/).filter((w) => w !== '');
  const last = words[words.length - 1] ?? '';
  if (POINTERS.has(last) && words.length > 1) return false;
  if (words.some((w) => SECRET_WORDS.has(w)))
    return !(words.length === 1 && (upper === 'PWD' || upper === 'PASS'));
  return SECRET_PAIRS.some((p) => `_${upper}_`.includes(`_${p}_`));
}
