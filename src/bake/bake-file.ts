import path from 'node:path';
import { GENERATED_MARKER, isRemoteContext } from '../discover/index.js';
import { parseImageRef } from '../dockerfile/imageRef.js';
import type { Image, ImageGraph } from '../model/graph.js';
import { toPosix } from '../util/paths.js';

/** One target of a docker-bake.json, with the keys buildx reads. */
export interface BakeTarget {
  context: string;
  dockerfile?: string;
  'dockerfile-inline'?: string;
  target?: string;
  args?: Record<string, string>;
  tags?: string[];
  platforms?: string[];
  /** Named contexts: the name the Dockerfile uses -> `target:<parent>`, a path, `docker-image://...`. */
  contexts?: Record<string, string>;
}

export interface BakeFile {
  /** HCL JSON's comment property: says strata wrote the file, so strata never reads it back. */
  '//': string;
  /** The bake variables the repository's own bake files use in tags and args, with their defaults. */
  variable?: Record<string, { default: string }>;
  group: { default: { targets: string[] } };
  target: Record<string, BakeTarget>;
}

/** A bake target name (`[a-zA-Z0-9_-]+`) for every image id, unique within the graph. */
export function bakeTargetNames(graph: ImageGraph): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const image of graph.images) {
    const base = image.id.replace(/[^a-zA-Z0-9_-]+/g, '_') || 'image';
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(image.id, name);
  }
  return names;
}

/**
 * The name BuildKit looks a named context up by for a FROM / COPY --from reference: Docker's familiar
 * form with `:latest` dropped (`docker.io/library/python:latest` -> `python`).
 */
export function namedContextKey(reference: string): string {
  const familiar = parseImageRef(reference)?.familiar ?? reference;
  return familiar.replace(/:latest$/, '');
}

/**
 * A docker-bake.json for the family: one target per image (in the graph's build order), and for every
 * local parent the child names in FROM, COPY --from or a mount, a `target:<parent>` named context under
 * the name the child uses, so buildx bake builds the parents first and feeds them to the children
 * without a registry. Images in a cycle are left out.
 */
export function toBakeFile(graph: ImageGraph, options: BakeFileOptions = {}): BakeFile {
  const names = bakeTargetNames(graph);
  const byId = new Map(graph.images.map((img) => [img.id, img]));
  const order = graph.waves.flat().filter((id) => byId.has(id));
  const rebase = rebaser(graph.root, options.dir);
  const target: Record<string, BakeTarget> = {};
  for (const id of order) target[names.get(id)!] = bakeTarget(byId.get(id)!, graph, names, rebase);
  const variable = variableBlocks(graph, Object.values(target));
  return {
    '//': `${GENERATED_MARKER} from ${graph.root}; paths are relative to this file's folder: run \`docker buildx bake -f <this file>\` from there`,
    ...(variable ? { variable } : {}),
    group: { default: { targets: order.map((id) => names.get(id)!) } },
    target,
  };
}

/**
 * `variable` blocks for the variables the templates use, defaulting to the repository's own default
 * (so `TAG=2 docker buildx bake` works as with the repository's files), else to the value the scan used.
 */
function variableBlocks(
  graph: ImageGraph,
  targets: BakeTarget[],
): Record<string, { default: string }> | undefined {
  const used = new Set<string>();
  for (const t of targets)
    for (const text of [...(t.tags ?? []), ...Object.values(t.args ?? {})])
      for (const m of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) used.add(m[1]!);
  const out: Record<string, { default: string }> = {};
  for (const name of [...used].sort()) {
    const v = graph.variables?.find((x) => x.name === name);
    if (v) out[name] = { default: v.default ?? v.value ?? '' };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface BakeFileOptions {
  /** The absolute folder the file is written to: paths are made relative to it (default the root). */
  dir?: string;
}

/** A root-relative local path -> relative to `dir`; URLs and other references stay as they are. */
function rebaser(root: string, dir: string | undefined): (rel: string) => string {
  if (!dir || path.resolve(dir) === path.resolve(root)) return (rel) => rel;
  return (rel) => {
    if (isRemoteContext(rel) || /^[a-z-]+:/i.test(rel)) return rel;
    const moved = toPosix(path.relative(dir, path.resolve(root, rel)));
    return moved === '' ? '.' : moved;
  };
}

function bakeTarget(
  image: Image,
  graph: ImageGraph,
  names: Map<string, string>,
  rebase: (rel: string) => string,
): BakeTarget {
  const out: BakeTarget = { context: rebase(image.context) };
  if (image.dockerfile.startsWith('<inline')) {
    out['dockerfile-inline'] = (image.resolved?.parsed.instructions ?? []).map((ins) => ins.raw).join('\n');
  } else {
    out.dockerfile = path.posix.relative(image.context === '.' ? '' : image.context, image.dockerfile);
  }
  if (image.target) out.target = image.target;
  // Values the repository's bake files make of variables are written as those variables, not frozen.
  const templates = image.valueOrigins?.templates;
  if (Object.keys(image.args).length > 0)
    out.args = Object.fromEntries(Object.entries(image.args).map(([k, v]) => [k, templates?.args?.[k] ?? v]));
  if (image.tags.length > 0) out.tags = image.tags.map((t) => templates?.tags?.[t] ?? t);
  if (image.platforms.length > 0) out.platforms = [...image.platforms];

  const contexts: Record<string, string> = {};
  for (const [name, value] of Object.entries(image.contexts))
    contexts[name] = rebase(contextValue(value, graph, names));
  for (const edge of graph.edges) {
    if (edge.child !== image.id || edge.kind === 'context') continue;
    const parent = names.get(edge.parent);
    if (parent) contexts[namedContextKey(edge.via)] = `target:${parent}`;
  }
  if (Object.keys(contexts).length > 0) out.contexts = contexts;
  return out;
}

/** `service:x` / `target:x` point at the bake target of the image x stands for; other values stay. */
function contextValue(value: string, graph: ImageGraph, names: Map<string, string>): string {
  const m = /^(service|target):(.+)$/.exec(value);
  if (!m) return value;
  const kind = m[1] === 'service' ? 'compose' : 'bake';
  const image = graph.images.find((img) => img.origins.some((o) => o.kind === kind && o.name === m[2]));
  const name = image ? names.get(image.id) : undefined;
  return name ? `target:${name}` : value;
}
