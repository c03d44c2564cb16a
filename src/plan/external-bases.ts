import type { ImageDetails } from '../engine/types.js';
import type { ImageRef } from '../model/dockerfile.js';
import { type FetchLike, remoteDigest } from './registry.js';

/** What the identity needs of a local image: an engine client, or the no-op path's socket listing. */
export interface LocalImages {
  inspectImage(ref: string): Promise<Pick<ImageDetails, 'id' | 'repoDigests'> | undefined>;
}

/**
 * What identifies an external base for a fingerprint, the same on every machine when it can be: the
 * digest written in the reference; else the registry digest of the local copy (RepoDigests); else the
 * local image id (a base built or imported here); when it is not local, the digest its registry serves
 * now; 'absent' when nothing answers.
 */
export async function externalBaseIdentity(
  ref: ImageRef,
  engine: LocalImages,
  fetchImpl?: FetchLike,
): Promise<string> {
  if (ref.digest) return ref.digest;
  const local = await engine.inspectImage(ref.raw);
  if (local) {
    const names = new Set([
      ref.familiar.replace(/:[^:/]+$/, ''),
      `${ref.registry}/${ref.repository}`,
      ref.repository,
    ]);
    for (const repoDigest of local.repoDigests) {
      const at = repoDigest.lastIndexOf('@');
      if (at > 0 && names.has(repoDigest.slice(0, at))) return repoDigest.slice(at + 1);
    }
    return local.id;
  }
  return (await remoteDigest(ref.registry, ref.repository, ref.tag ?? 'latest', fetchImpl)) ?? 'absent';
}
