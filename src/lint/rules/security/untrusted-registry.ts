import { mounts, parseImageRef } from '../../../dockerfile/index.js';
import type { ImageRef } from '../../../model/dockerfile.js';
import { isFamilyImage } from '../../images.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt, flagValue } from '../../stages.js';

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'hub.docker.com',
]);

/**
 * DL3026: images pulled from a registry outside the configured `trustedRegistries`. Silent until
 * registries are configured. Images built in the repository itself (a tag of the family) are not pulls.
 */
export const rule: ImageRule = {
  meta: {
    id: 'untrusted-registry',
    category: 'security',
    severity: 'error',
    enabledByDefault: true,
    hadolint: 'DL3026',
    description: 'Images must come from a trusted registry (when trustedRegistries is configured)',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved || ctx.trustedRegistries.length === 0) return [];
    const out: Finding[] = [];
    const sources = resolved.stages.flatMap((s) => [
      ...(s.base.kind === 'image'
        ? [{ ref: s.base.ref, at: resolved.parsed.stages[s.index]?.fromInstruction }]
        : []),
      ...s.copyFrom.flatMap((c) =>
        c.source.kind === 'image' ? [{ ref: c.source.ref, at: c.instruction }] : [],
      ),
      ...s.mountFrom.flatMap((m) =>
        m.source.kind === 'image' ? [{ ref: m.source.ref, at: m.instruction }] : [],
      ),
    ]);
    // A fragment (no FROM): its COPY --from and RUN --mount from= images.
    for (const ins of resolved.parsed.instructions) {
      if (ins.stage >= 0) continue;
      const from = [flagValue(ins, 'from'), ...mounts(ins).map((m) => m.from)];
      for (const f of from) {
        const ref = typeof f === 'string' && /[/:.]/.test(f) ? parseImageRef(f) : undefined;
        if (ref) sources.push({ ref, at: ins });
      }
    }
    for (const { ref, at } of sources) {
      if (!at || isFamilyImage(ref, ctx.graph) || isTrusted(ref, ctx.trustedRegistries)) continue;
      out.push(
        findingAt(
          resolved.parsed,
          at,
          `${ref.raw} comes from ${ref.registry}, which is not a trusted registry`,
          `use an image from ${ctx.trustedRegistries.join(', ')}, or add the registry to lint.trustedRegistries`,
        ),
      );
    }
    return out;
  },
};

/** Entries: a registry host (`ghcr.io`), a host and path prefix (`ghcr.io/acme`), or `*.example.com`. */
export function isTrusted(ref: ImageRef, trusted: string[]): boolean {
  const registry = normalizeRegistry(ref.registry);
  const full = `${registry}/${ref.repository}`;
  return trusted.some((entry) => {
    if (entry.trim() === '*') return true;
    const e = entry.toLowerCase().replace(/\/+$/, '');
    if (e.startsWith('*.')) return registry.endsWith(e.slice(1));
    const [host, ...rest] = e.split('/');
    const prefix = [normalizeRegistry(host ?? ''), ...rest].join('/');
    return rest.length === 0 ? registry === prefix : full === prefix || full.startsWith(`${prefix}/`);
  });
}

function normalizeRegistry(host: string): string {
  const h = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(h) ? 'docker.io' : h;
}
