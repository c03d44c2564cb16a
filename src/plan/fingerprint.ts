import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Image } from '../model/graph.js';
import type { Fingerprint, PlannedImage } from '../model/plan.js';

/** The image label that carries the fingerprint an image was built from. */
export const FINGERPRINT_LABEL = 'org.strata.fingerprint';

/** The labels every build of a planned image carries: its fingerprint, so a later plan can skip it. */
export function planLabels(planned: Pick<PlannedImage, 'fingerprint'>): Record<string, string> {
  return { [FINGERPRINT_LABEL]: planned.fingerprint };
}

/** Bumped when the way fingerprints are computed changes, so old labels never match new plans. */
const FINGERPRINT_VERSION = 'strata-fingerprint/1';

export interface FingerprintInputs {
  /** The Dockerfile text as the engine reads it. */
  dockerfileText: string;
  /** The .dockerignore text, when the context has one. */
  dockerignoreText?: string;
  /** Root-relative context file path -> content hash (see contextFiles). */
  files: Record<string, string>;
  /** Parent image id -> the parent's fingerprint hash. */
  parents: Record<string, string>;
  /** External base reference -> image id or digest, or 'absent'. */
  externalBases: Record<string, string>;
  /**
   * The key build-arg values are hashed with in the fingerprint's parts (readArgKey): the parts are
   * stored, values never are. Without one, a key for this process only.
   */
  argKey?: Buffer;
}

const processKey = randomBytes(32);

/** A build-arg value as strata stores it: HMAC-SHA256 of the value under the user's key, hex. */
export function argDigest(key: Buffer, value: string): string {
  return `hmac:${createHmac('sha256', key).update(value).digest('hex')}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Everything that decides an image's result, and one hash over all of it. The hash covers the arg
 * values themselves (so machines that share a registry agree on it); the parts keep only their keyed
 * digests (argDigest), since they are stored.
 */
export function fingerprintImage(image: Image, inputs: FingerprintInputs): Fingerprint {
  const parts: Omit<Fingerprint, 'hash'> = {
    dockerfile: sha256(inputs.dockerfileText),
    files: sorted(inputs.files),
    args: sorted(image.args),
    parents: sorted(inputs.parents),
    externalBases: sorted(inputs.externalBases),
  };
  if (inputs.dockerignoreText !== undefined) parts.dockerignore = sha256(inputs.dockerignoreText);
  if (image.target) parts.target = image.target;
  if (image.platforms.length > 0) parts.platform = [...image.platforms].sort().join(',');
  const hash = hashParts(parts);
  const key = inputs.argKey ?? processKey;
  parts.args = Object.fromEntries(
    Object.entries(parts.args).map(([name, value]) => [name, argDigest(key, value)]),
  );
  return { hash, ...parts };
}

/** The hash of a fingerprint's parts, in a stable order. */
export function hashParts(parts: Omit<Fingerprint, 'hash'>): string {
  const canonical = {
    v: FINGERPRINT_VERSION,
    dockerfile: parts.dockerfile,
    dockerignore: parts.dockerignore ?? null,
    files: sorted(parts.files),
    args: sorted(parts.args),
    target: parts.target ?? null,
    platform: parts.platform ?? null,
    parents: sorted(parts.parents),
    externalBases: sorted(parts.externalBases),
  };
  return sha256(JSON.stringify(canonical));
}

function sorted(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key]!;
  return out;
}
