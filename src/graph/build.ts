import path from 'node:path';
import { parseImageRef, resolveDockerfile } from '../dockerfile/index.js';
import type { Discovery, ImageDefinition, ValueOrigin } from '../model/definition.js';
import { type Diagnostic, diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import type { ParsedDockerfile } from '../model/dockerfile.js';
import type { Edge, Image, ImageGraph, ImageRole } from '../model/graph.js';
import { assignIds, idFromTag } from './ids.js';
import { linkImages } from './links.js';
import { mergeDefinitions } from './merge.js';
import { order } from './order.js';

export interface GraphInput {
  discovery: Discovery;
  /** Parsed Dockerfiles by relative path, inline ones by `<inline:...>` key; missing = unreadable. */
  dockerfiles: Map<string, ParsedDockerfile>;
}

/** Words that mark an image as a base in its name or path. */
const BASE_WORD = /(^|[^a-z])base([^a-z]|$)/i;

/**
 * Builds the image graph from what discovery found and the parsed Dockerfiles. Pure: no disk, no engine.
 */
export function buildGraph({ discovery, dockerfiles }: GraphInput): ImageGraph {
  const diagnostics: Diagnostic[] = [];
  // An empty Dockerfile builds nothing: it is reported once (below) and not scheduled.
  const candidates = mergeDefinitions(discovery.definitions).filter(
    (c) => !dockerfiles.get(c.dockerfile)?.empty,
  );
  const { ids, variants } = assignIds(candidates, path.basename(path.resolve(discovery.root)));

  const images: Image[] = candidates.map((c, i) => {
    const services = c.definitions.flatMap((d) => (d.service ? [d.service] : []));
    const gpu = c.definitions.find((d) => d.gpu)?.gpu;
    const image: Image = {
      id: ids[i]!,
      dockerfile: c.dockerfile,
      context: c.context,
      args: c.args,
      tags: c.tags,
      platforms: c.platforms,
      contexts: c.contexts,
      origins: c.definitions.map((d) => d.origin),
      ...valueOrigins(c.definitions),
      services,
      role: 'service',
    };
    if (c.target !== undefined) image.target = c.target;
    if (gpu) image.gpu = gpu;
    const variant = variants.get(i);
    if (variant) image.variantOf = { primary: ids[variant.primary]!, reason: variant.reason };
    const parsed = dockerfiles.get(c.dockerfile);
    if (parsed) {
      image.resolved = resolveDockerfile(parsed, {
        buildArgs: c.args,
        target: c.target,
        platform: c.platforms[0],
        namedContexts: Object.keys(c.contexts),
      });
      for (const d of image.resolved.diagnostics) diagnostics.push({ ...d, file: d.file ?? c.dockerfile });
    }
    return image;
  });

  // Parse diagnostics once per Dockerfile, not once per image built from it.
  for (const parsed of dockerfiles.values()) {
    diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, file: d.file ?? parsed.file })));
    if (parsed.empty) {
      diagnostics.push(
        diagnostic(
          'STRATA_DOCKERFILE_EMPTY',
          'warning',
          `${parsed.file} has no instructions; no image is built from it`,
          {
            file: parsed.file,
            hint: 'delete it, or add a FROM line',
          },
        ),
      );
    }
  }

  const links = linkImages(images, discovery.scriptMentions);
  diagnostics.push(...links.diagnostics);
  for (const image of images) {
    const extra = links.inferredTags.get(image.id) ?? [];
    for (const t of extra) if (!image.tags.includes(t)) image.tags.push(t);
  }

  const ordering = order(
    images.map((i) => i.id),
    links.edges,
  );
  for (const cycle of ordering.cycles) {
    const first = links.edges.find((e) => e.parent === cycle[0] && e.child === cycle[1]);
    diagnostics.push(
      diagnostic(
        'STRATA_GRAPH_CYCLE',
        'error',
        `images depend on each other in a cycle: ${cycle.join(' -> ')}`,
        {
          file: first?.file,
          line: first?.line,
          hint: 'no build order exists; one of these FROM / COPY --from lines must name another image',
        },
      ),
    );
  }
  for (const id of ordering.blocked) {
    diagnostics.push(
      diagnostic('STRATA_GRAPH_BLOCKED', 'error', `${id} cannot be built: it depends on images in a cycle`, {
        file: images.find((i) => i.id === id)?.dockerfile,
      }),
    );
  }

  const unused = findUnused(images, links.edges, discovery);
  assignRoles(images, links.edges, new Set(unused));

  return {
    root: discovery.root,
    images,
    edges: links.edges,
    externalBases: links.externalBases,
    waves: ordering.waves,
    unused,
    cycles: ordering.cycles,
    diagnostics: sortDiagnostics([...discovery.diagnostics, ...diagnostics]),
  };
}

/** Where each tag and arg value of a merged image is stated: the first definition that states it. */
function valueOrigins(definitions: ImageDefinition[]): Pick<Image, 'tagOrigins' | 'argOrigins'> {
  const tagOrigins: Record<string, ValueOrigin> = {};
  const argOrigins: Record<string, ValueOrigin> = {};
  for (const def of definitions) {
    const fallback: ValueOrigin = {
      file: def.origin.file,
      ...(def.origin.line === undefined ? {} : { line: def.origin.line }),
    };
    for (const tag of def.tags) tagOrigins[tag] ??= def.tagOrigins?.[tag] ?? fallback;
    for (const name of Object.keys(def.args)) argOrigins[name] ??= def.argOrigins?.[name] ?? fallback;
  }
  return { tagOrigins, argOrigins };
}

/**
 * system-base: other images build on it (or it is a base that nothing uses yet) and its own bases are all
 * external; shared-base: the same, but it builds on one of ours; service: nothing builds on it.
 */
function assignRoles(images: Image[], edges: Edge[], unusedBases: Set<string>): void {
  const hasChild = new Set(edges.map((e) => e.parent));
  const hasLocalParent = new Set(edges.map((e) => e.child));
  for (const image of images) {
    let role: ImageRole = 'service';
    if (hasChild.has(image.id) || unusedBases.has(image.id)) {
      role = hasLocalParent.has(image.id) ? 'shared-base' : 'system-base';
    }
    image.role = role;
  }
}

/**
 * Bases built for nothing: no image builds on them, no compose service builds or runs them (`image:`), and
 * their name, tag or path says they are a base.
 */
function findUnused(images: Image[], edges: Edge[], discovery: Discovery): string[] {
  const parents = new Set(edges.map((e) => e.parent));
  const uses = discovery.runOnly ?? [];
  const run = new Set(uses.map((use) => parseImageRef(use.image)?.familiar));
  const runIds = new Set(uses.map((use) => idFromTag(use.image)));
  return images
    .filter((image) => {
      if (parents.has(image.id)) return false;
      if (image.services.length > 0) return false;
      if (runIds.has(image.id) || image.tags.some((t) => run.has(parseImageRef(t)?.familiar))) return false;
      const names = [image.id, image.dockerfile, ...image.tags];
      return names.some((n) => BASE_WORD.test(n));
    })
    .map((i) => i.id)
    .sort();
}
