import path from 'node:path';
import { parseImageRef } from '../dockerfile/index.js';
import type { ScriptMention, ValueOrigin } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type { BaseRef, ImageRef } from '../model/dockerfile.js';
import type { Edge, EdgeKind, ExternalBase, Image, InferenceEvidence } from '../model/graph.js';
import { OFFICIAL_IMAGES, WELL_KNOWN_NAMESPACES } from './known-images.js';
import { similarNames } from './similar.js';

/** How a Dockerfile or build file names the image it needs, for messages. */
const REFERENCE_WORDS: Record<EdgeKind, string> = {
  from: 'FROM',
  'copy-from': 'COPY --from',
  'mount-from': 'RUN --mount from=',
  context: 'named context',
};

export interface LinkResult {
  edges: Edge[];
  externalBases: ExternalBase[];
  /** image id -> tags given to it because a FROM names it by folder or script evidence. */
  inferredTags: Map<string, string[]>;
  diagnostics: Diagnostic[];
}

interface Reference {
  child: Image;
  kind: EdgeKind;
  via: string;
  line?: number;
  ref?: ImageRef;
  /** For named contexts: `target:x` / `service:x`. */
  contextValue?: string;
  /** The build-file line of the value that decides the reference (a build arg, a named context). */
  origin?: ValueOrigin;
}

/** The build-file line of the first build arg an instruction's text uses (`FROM ${BASE_IMAGE}`). */
function argOrigin(image: Image, raw: string): ValueOrigin | undefined {
  const args = image.argOrigins;
  if (!args || !raw.includes('$')) return undefined;
  for (const m of raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const loc = args[m[1] ?? ''];
    if (loc) return loc;
  }
  return undefined;
}

function originOf(image: Image, raw: string): { origin?: ValueOrigin } {
  const origin = argOrigin(image, raw);
  return origin ? { origin } : {};
}

/** Where the parent is given the tag a reference names. */
function tagOrigin(parent: Image, via: string): ValueOrigin | undefined {
  const tags = parent.tagOrigins;
  if (!tags) return undefined;
  const key = tagKey(via);
  for (const [tag, loc] of Object.entries(tags)) if (tag === via || (key && tagKey(tag) === key)) return loc;
  return undefined;
}

/** The key two references to the same image share: Docker's familiar `name:tag`. */
function tagKey(text: string): string | undefined {
  return parseImageRef(text)?.familiar;
}

/** Folder names that may stand for an image: the Dockerfile's folder and the context folder. */
function folderNames(image: Image): string[] {
  const names = [
    path.posix.basename(path.posix.dirname(image.dockerfile)),
    path.posix.basename(image.context),
  ];
  return [...new Set(names.filter((n) => n !== '' && n !== '.' && n !== '..'))];
}

/** The shell/Make/batch variables of a script mention turned into a pattern: `app-$STAGE:cuda` -> /^app-.+:cuda$/. */
function mentionPattern(text: string): RegExp {
  const parts = text.split(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
}

export function linkImages(images: Image[], mentions: ScriptMention[]): LinkResult {
  const diagnostics: Diagnostic[] = [];
  const byTag = new Map<string, Image>();
  for (const image of images) {
    for (const tag of image.tags) {
      const key = tagKey(tag);
      if (key && !byTag.has(key)) byTag.set(key, image);
    }
  }
  // Tags that are not valid references (an empty variable in them), by their exact text.
  const byRawTag = new Map<string, Image>();
  for (const image of images)
    for (const tag of image.tags) if (!tagKey(tag) && !byRawTag.has(tag)) byRawTag.set(tag, image);
  const byOriginName = (kind: 'bake' | 'compose', name: string): Image | undefined =>
    images.find((i) => i.origins.some((o) => o.kind === kind && o.name === name));

  const projectNamespaces = new Set<string>();
  for (const key of byTag.keys()) {
    const ref = parseImageRef(key);
    const ns = ref?.repository.includes('/') ? ref.repository.split('/')[0] : undefined;
    if (ns && ns !== 'library') projectNamespaces.add(ns);
  }

  const edges: Edge[] = [];
  const external = new Map<string, ExternalBase>();
  const inferredTags = new Map<string, string[]>();
  const edgeSeen = new Set<string>();

  const addEdge = (parent: Image, r: Reference, inferred?: InferenceEvidence): void => {
    const key = `${parent.id}\0${r.child.id}\0${r.kind}\0${r.via}`;
    if (edgeSeen.has(key)) return;
    edgeSeen.add(key);
    const edge: Edge = {
      parent: parent.id,
      child: r.child.id,
      kind: r.kind,
      via: r.via,
      file: r.child.dockerfile,
    };
    if (r.line !== undefined) edge.line = r.line;
    if (inferred) edge.inferred = inferred;
    if (r.origin) edge.origin = r.origin;
    const matched = r.kind === 'context' ? undefined : tagOrigin(parent, r.via);
    if (matched) edge.tagOrigin = matched;
    edges.push(edge);
  };

  const addExternal = (ref: ImageRef, user: Image): void => {
    const key = ref.digest ? `${ref.familiar}@${ref.digest}` : ref.familiar;
    const entry = external.get(key) ?? { ref, usedBy: [], pinned: Boolean(ref.digest) };
    if (!entry.usedBy.includes(user.id)) entry.usedBy.push(user.id);
    external.set(key, entry);
  };

  // Script mentions whose tag has variables, as patterns, compiled once for every reference asked about.
  const mentionPatterns = mentions.flatMap((m) =>
    m.tag
      ? [
          {
            m,
            tag: mentionPattern(m.tag),
            dockerfile: m.dockerfile ? mentionPattern(m.dockerfile) : undefined,
          },
        ]
      : [],
  );

  const infer = (r: Reference, ref: ImageRef): { image: Image; evidence: InferenceEvidence } | undefined => {
    const repoName = ref.repository.split('/').pop() ?? ref.repository;
    const tag = ref.tag ?? 'latest';
    const keys = tag === 'latest' ? [repoName] : [`${repoName}-${tag}`, repoName];

    // A build-script line whose tag pattern matches the reference.
    const names = [ref.familiar, ref.familiar.replace(/:latest$/, '')];
    for (const { m, tag, dockerfile } of mentionPatterns) {
      if (!names.some((n) => tag.test(n))) continue;
      const candidates = images.filter((i) => i !== r.child && dockerfile?.test(i.dockerfile));
      if (candidates.length === 1) {
        return {
          image: candidates[0]!,
          evidence: { reason: 'script-line', detail: m.text.trim(), file: m.file, line: m.line },
        };
      }
    }

    // A Dockerfile whose folder is named like the image: exact, or the last words of the name.
    let best: { image: Image; score: number; folder: string }[] = [];
    for (const image of images) {
      if (image === r.child) continue;
      for (const folder of folderNames(image)) {
        for (const [k, key] of keys.entries()) {
          const exact = folder === key;
          const suffix = key.endsWith(`-${folder}`);
          if (!exact && !suffix) continue;
          const score = (exact ? 1000 : 0) + (keys.length - k) * 100 + folder.length;
          if (best.length === 0 || score > best[0]!.score) best = [{ image, score, folder }];
          else if (score === best[0]!.score && !best.some((b) => b.image === image))
            best.push({ image, score, folder });
        }
      }
    }
    if (best.length === 1) {
      const { image, folder } = best[0]!;
      return {
        image,
        evidence: {
          reason: 'folder-name',
          detail: `no file tags ${ref.familiar}; ${image.dockerfile} sits in a folder named ${folder}`,
          file: image.dockerfile,
        },
      };
    }
    return undefined;
  };

  const looksLocal = (ref: ImageRef): boolean => {
    if (ref.registry !== 'docker.io')
      return ref.registry === 'localhost' || ref.registry.startsWith('localhost:');
    const [ns, name] = ref.repository.split('/');
    if (ns === 'library') return name !== undefined && !OFFICIAL_IMAGES.has(name);
    return ns !== undefined && projectNamespaces.has(ns) && !WELL_KNOWN_NAMESPACES.has(ns);
  };

  const resolveRef = (r: Reference): void => {
    const ref = r.ref!;
    const local = byTag.get(ref.familiar);
    if (local && local !== r.child) {
      addEdge(local, r);
      return;
    }
    const guess = infer(r, ref);
    if (guess) {
      addEdge(guess.image, r, guess.evidence);
      const tags = inferredTags.get(guess.image.id) ?? [];
      if (!tags.includes(ref.familiar)) tags.push(ref.familiar);
      inferredTags.set(guess.image.id, tags);
      byTag.set(ref.familiar, guess.image);
      return;
    }
    if (looksLocal(ref)) {
      const names = [...byTag.keys(), ...images.flatMap(folderNames)];
      const candidates = similarNames(ref.familiar.replace(/:latest$/, ''), names);
      diagnostics.push(
        diagnostic(
          'STRATA_GRAPH_UNBUILT_BASE',
          'warning',
          `${REFERENCE_WORDS[r.kind]} ${ref.raw} looks like one of this project's images, but nothing here builds it`,
          {
            file: r.child.dockerfile,
            line: r.line,
            hint: candidates.length
              ? `did you mean ${candidates.join(', ')}? otherwise declare it in strata.yaml under images:`
              : 'tag the image that provides it (compose image:, bake tags, or strata.yaml images:)',
          },
        ),
      );
    }
    addExternal(ref, r.child);
  };

  const resolveContext = (r: Reference): void => {
    const value = r.contextValue!;
    const [scheme, ...rest] = value.split(':');
    const name = rest.join(':');
    if (scheme === 'target' || scheme === 'service') {
      const parent = byOriginName(scheme === 'target' ? 'bake' : 'compose', name);
      if (parent && parent !== r.child) addEdge(parent, r);
      else
        diagnostics.push(
          diagnostic(
            'STRATA_GRAPH_UNKNOWN_CONTEXT',
            'error',
            `named context ${r.via} points at ${value}, which is not defined`,
            {
              file: r.child.origins[0]?.file,
              line: r.child.origins[0]?.line,
              hint: `define the ${scheme === 'target' ? 'bake target' : 'compose service'} ${name}, or fix the name`,
            },
          ),
        );
      return;
    }
    if (value.startsWith('docker-image://')) {
      const ref = parseImageRef(value.slice('docker-image://'.length));
      if (ref) resolveRef({ ...r, ref });
    }
  };

  for (const image of images) {
    // Named contexts that point at other images are needed whether or not the Dockerfile names them.
    for (const [name, value] of Object.entries(image.contexts)) {
      const origin = image.valueOrigins?.contexts?.[name];
      resolveContext({
        child: image,
        kind: 'context',
        via: name,
        contextValue: value,
        ...(origin ? { origin } : {}),
      });
    }
    const resolved = image.resolved;
    if (!resolved) continue;
    for (const stage of resolved.stages) {
      if (!stage.needed) continue;
      const parsedStage = resolved.parsed.stages[stage.index];
      const refs: { base: BaseRef; kind: EdgeKind; line: number; raw: string }[] = [
        {
          base: stage.base,
          kind: 'from',
          line: parsedStage?.fromInstruction.range.line ?? 0,
          // The image expression alone, so a `--platform=$X` is not taken for the arg that names the base.
          raw: parsedStage?.from ?? '',
        },
        ...stage.copyFrom.map((c) => ({
          base: c.source,
          kind: 'copy-from' as const,
          line: c.instruction.range.line,
          raw: c.instruction.raw,
        })),
        ...stage.mountFrom.map((m) => ({
          base: m.source,
          kind: 'mount-from' as const,
          line: m.instruction.range.line,
          raw: m.instruction.raw,
        })),
      ];
      for (const { base, kind, line, raw } of refs) {
        if (base.kind === 'unresolved') {
          // The same text as an image's tag, both made invalid by the same empty variables.
          const same = byRawTag.get(base.text);
          if (same && same !== image)
            addEdge(same, { child: image, kind, via: base.text, line, ...originOf(image, raw) });
          continue;
        }
        if (base.kind !== 'image') continue;
        const origin = argOrigin(image, raw);
        resolveRef({
          child: image,
          kind,
          via: base.ref.raw,
          line,
          ref: base.ref,
          ...(origin ? { origin } : {}),
        });
        // Named contexts were linked above.
      }
    }
  }

  const externalBases = [...external.values()].sort((a, b) => a.ref.familiar.localeCompare(b.ref.familiar));
  return { edges, externalBases, inferredTags, diagnostics };
}
