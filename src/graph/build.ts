import path from 'node:path';
import { parseImageRef, resolveDockerfile } from '../dockerfile/index.js';
import type { Discovery, ImageDefinition, ValueOrigin, ValueOrigins } from '../model/definition.js';
import { type Diagnostic, diagnostic, sortDiagnostics } from '../model/diagnostic.js';
import type { ParsedDockerfile } from '../model/dockerfile.js';
import type { Edge, Image, ImageGraph, ImageRole } from '../model/graph.js';
import { assignIds, idFromTag } from './ids.js';
import { linkImages } from './links.js';
import { type ImageCandidate, mergeDefinitions } from './merge.js';
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
      services,
      role: 'service',
    };
    if (c.target !== undefined) image.target = c.target;
    if (gpu) image.gpu = gpu;
    const valueOrigins = mergeValueOrigins(c.definitions);
    if (valueOrigins) image.valueOrigins = valueOrigins;
    const { tagOrigins, argOrigins } = tagAndArgOrigins(c);
    if (Object.keys(tagOrigins).length > 0) image.tagOrigins = tagOrigins;
    if (Object.keys(argOrigins).length > 0) image.argOrigins = argOrigins;
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
  diagnostics.push(...composeOrderFindings(images, links.edges));
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
    ...(discovery.variables && discovery.variables.length > 0 ? { variables: discovery.variables } : {}),
  };
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

/** Value origins of an image's definitions: for each value, the first definition that states it. */
function mergeValueOrigins(definitions: ImageDefinition[]): ValueOrigins | undefined {
  const out: ValueOrigins = {};
  for (const def of definitions) {
    const v = def.valueOrigins ?? {};
    for (const key of ['context', 'dockerfile', 'target'] as const) {
      const loc = v[key];
      if (loc && !out[key]) out[key] = loc;
    }
    if (v.contexts) out.contexts = { ...v.contexts, ...out.contexts };
    if (v.templates) {
      out.templates = {
        ...((v.templates.tags ?? out.templates?.tags)
          ? { tags: { ...v.templates.tags, ...out.templates?.tags } }
          : {}),
        ...((v.templates.args ?? out.templates?.args)
          ? { args: { ...v.templates.args, ...out.templates?.args } }
          : {}),
      };
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Where a merged image's tags and build args are stated: for each, the first definition that states the
 * value the image keeps (a full build arg over one with a run-time part), at the origin it records, else
 * at the definition's own file and line. Only the image's own tags and build args are kept.
 */
function tagAndArgOrigins(c: ImageCandidate): {
  tagOrigins: Record<string, ValueOrigin>;
  argOrigins: Record<string, ValueOrigin>;
} {
  const tagOrigins: Record<string, ValueOrigin> = {};
  const argOrigins: Record<string, ValueOrigin> = {};
  const kept = new Set(c.tags);
  for (const def of c.definitions) {
    const at: ValueOrigin = {
      file: def.origin.file,
      ...(def.origin.line === undefined ? {} : { line: def.origin.line }),
    };
    for (const tag of def.tags) if (kept.has(tag)) tagOrigins[tag] ??= def.tagOrigins?.[tag] ?? at;
    for (const [name, value] of Object.entries(def.args))
      if (value === c.args[name]) argOrigins[name] ??= def.argOrigins?.[name] ?? at;
  }
  return { tagOrigins, argOrigins };
}

/**
 * compose `depends_on` set against the build links: the links (FROM, COPY --from, named contexts)
 * decide the build order; a service that builds on another's image without `depends_on` it, or one
 * that `depends_on` a built service whose image it does not use, is reported (info) so the two can agree.
 */
function composeOrderFindings(images: Image[], edges: Edge[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const serviceOf = new Map<string, { file: string; line?: number; name: string; dependsOn: string[] }[]>();
  for (const image of images) {
    const list = image.origins.flatMap((o, i) => {
      if (o.kind !== 'compose' || !o.name) return [];
      const rt = image.services.find((s) => s.name === o.name) ?? image.services[i];
      return [
        { file: o.file, ...(o.line ? { line: o.line } : {}), name: o.name, dependsOn: rt?.dependsOn ?? [] },
      ];
    });
    if (list.length > 0) serviceOf.set(image.id, list);
  }
  for (const [id, children] of serviceOf) {
    const parents = new Set(edges.filter((e) => e.child === id && !e.inferred).map((e) => e.parent));
    for (const child of children) {
      for (const parentId of parents) {
        const parent = serviceOf.get(parentId)?.find((p) => p.file === child.file);
        if (!parent || child.dependsOn.includes(parent.name)) continue;
        out.push(
          diagnostic(
            'STRATA_COMPOSE_BUILD_ORDER',
            'info',
            `service ${child.name} builds on the image of service ${parent.name}, but does not depends_on it`,
            {
              file: child.file,
              ...(child.line ? { line: child.line } : {}),
              hint: `strata builds ${parent.name} first; add depends_on: [${parent.name}] so docker compose agrees`,
            },
          ),
        );
      }
      for (const dep of child.dependsOn) {
        const depImage = [...serviceOf].find(([, list]) =>
          list.some((s) => s.name === dep && s.file === child.file),
        );
        if (!depImage || parents.has(depImage[0]) || depImage[0] === id) continue;
        out.push(
          diagnostic(
            'STRATA_COMPOSE_BUILD_ORDER',
            'info',
            `service ${child.name} depends_on ${dep}, but its build does not use the image of ${dep}`,
            {
              file: child.file,
              ...(child.line ? { line: child.line } : {}),
              hint: 'depends_on orders how the services start; the build order comes from FROM and named contexts',
            },
          ),
        );
      }
    }
  }
  return out;
}
