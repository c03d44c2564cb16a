import type { ImageRef } from '../model/dockerfile.js';

/** Grammar of github.com/distribution/reference (the one Docker and BuildKit use). */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME = 255;

export const DEFAULT_REGISTRY = 'docker.io';

/**
 * Parses and normalises an image reference the way Docker does: `docker.io` when no registry is
 * written, `library/` for official images, a first component with `.` or `:` (or `localhost`, or
 * upper-case letters) is a registry, `host:5000/x` is a port and `x:5000` a tag.
 * Undefined when the text is not a valid reference (upper-case repository, unexpanded `$VAR`, ...).
 */
export function parseImageRef(text: string): ImageRef | undefined {
  const raw = text.trim();
  if (raw === '' || raw.length > 1024) return undefined;
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  if (rest === '' || rest.length > MAX_NAME) return undefined;
  let registry = DEFAULT_REGISTRY;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.toLowerCase() !== first
    ) {
      if (!DOMAIN.test(first)) return undefined;
      registry = first === 'index.docker.io' ? DEFAULT_REGISTRY : first;
      repository = rest.slice(slash + 1);
    }
  }
  for (const component of repository.split('/')) {
    if (!PATH_COMPONENT.test(component)) return undefined;
  }
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  const ref: ImageRef = { raw, registry, repository, familiar: '' };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  ref.familiar = familiarString(ref);
  return ref;
}

/** `name` the way people write it: no `docker.io/`, no `library/`. */
export function familiarName(ref: Pick<ImageRef, 'registry' | 'repository'>): string {
  if (ref.registry !== DEFAULT_REGISTRY) return `${ref.registry}/${ref.repository}`;
  const short = ref.repository.startsWith('library/') ? ref.repository.slice(8) : ref.repository;
  return short.includes('/') ? ref.repository : short;
}

function familiarString(ref: ImageRef): string {
  const name = familiarName(ref);
  if (ref.digest !== undefined)
    return ref.tag !== undefined ? `${name}:${ref.tag}@${ref.digest}` : `${name}@${ref.digest}`;
  return `${name}:${ref.tag ?? 'latest'}`;
}

/** The fully qualified form: `docker.io/library/alpine:3.19`. */
export function canonicalImageRef(ref: ImageRef): string {
  const base = `${ref.registry}/${ref.repository}`;
  const tagged = ref.tag !== undefined ? `${base}:${ref.tag}` : base;
  if (ref.digest !== undefined) return `${tagged}@${ref.digest}`;
  return ref.tag !== undefined ? tagged : `${base}:latest`;
}
