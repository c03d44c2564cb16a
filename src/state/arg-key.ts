import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateHome } from './paths.js';

/** Bytes of the key that build-arg values are hashed with before strata stores them. */
const KEY_BYTES = 32;

/**
 * The user's key for build-arg values (HMAC-SHA256): `arg-key` in the state home, 32 random bytes,
 * readable by the user only, made on first use. Stored fingerprints keep `HMAC(key, value)` instead
 * of a value, so a changed arg is still seen and no value can be read back or guessed from the files.
 * When the state home cannot be written, a key for this process only (changes are then seen as changes).
 */
export function readArgKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const file = path.join(stateHome(env), 'arg-key');
  try {
    const key = readFileSync(file);
    if (key.length === KEY_BYTES) return key;
  } catch {
    // not made yet
  }
  const key = randomBytes(KEY_BYTES);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    // another process made it first (read it), or the state home is not writable (keep ours)
    try {
      const theirs = readFileSync(file);
      if (theirs.length === KEY_BYTES) return theirs;
    } catch {
      // unwritable
    }
    return key;
  }
}
