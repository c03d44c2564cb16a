import type { ValueOrigin, ValueOrigins, VariableUse } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { BaseRef } from '../model/dockerfile.js';
import type { ImageGraph, ImageRole, InferenceEvidence } from '../model/graph.js';
import { graphLookup } from './lookup.js';

/** Version of the `strata scan --json` schema (docs/scan-json.md). Bumped on any breaking change. */
export const SCAN_JSON_VERSION = 1;

export interface ScanJsonStage {
  index: number;
  name?: string;
  /** FROM with ARGs substituted. */
  from: string;
  /** `image`, `stage`, `scratch`, `context` or `unresolved`. */
  baseKind: BaseRef['kind'];
  /** Whether building the image needs this stage. */
  needed: boolean;
}

export interface ScanJsonImage {
  id: string;
  dockerfile: string;
  context: string;
  target?: string;
  args: Record<string, string>;
  tags: string[];
  role: ImageRole;
  stages: ScanJsonStage[];
  parents: string[];
  children: string[];
  externalBases: string[];
  inferred: (InferenceEvidence & { parent: string; via: string })[];
  gpu: boolean;
  sources: { kind: string; file: string; line?: number; name?: string }[];
  /** tag -> where it is stated. */
  tagOrigins: Record<string, ValueOrigin>;
  /** build arg -> where its value is stated. */
  argOrigins: Record<string, ValueOrigin>;
  /** Where the context, Dockerfile, target and named contexts are stated; bake value templates. */
  origins?: ValueOrigins;
  /** Several images share this Dockerfile: the primary one's id and why this one is separate. */
  variantOf?: { primary: string; reason: string };
}

export interface ScanJson {
  version: number;
  root: string;
  images: ScanJsonImage[];
  edges: {
    parent: string;
    child: string;
    kind: string;
    via: string;
    inferred: boolean;
    file?: string;
    line?: number;
    origin?: ValueOrigin;
    tagOrigin?: ValueOrigin;
  }[];
  externalBases: { ref: string; pinned: boolean; digest?: string; usedBy: string[] }[];
  waves: string[][];
  unused: string[];
  cycles: string[][];
  diagnostics: Diagnostic[];
  /** Bake variables and where their values came from: set | env | dotenv | default | unset. */
  variables: VariableUse[];
}

/** The documented machine form of a scan (`strata scan --json`). */
export function toScanJson(graph: ImageGraph, root = graph.root): ScanJson {
  const lookup = graphLookup(graph);
  return {
    version: SCAN_JSON_VERSION,
    root,
    images: graph.images.map((image) => {
      const incoming = lookup.incoming(image.id);
      const out: ScanJsonImage = {
        id: image.id,
        dockerfile: image.dockerfile,
        context: image.context,
        args: image.args,
        tags: image.tags,
        role: image.role,
        stages: (image.resolved?.stages ?? []).map((s) => {
          const stage: ScanJsonStage = {
            index: s.index,
            from: s.fromResolved,
            baseKind: s.base.kind,
            needed: s.needed,
          };
          if (s.name !== undefined) stage.name = s.name;
          return stage;
        }),
        parents: [...new Set(incoming.map((e) => e.parent))],
        children: [...new Set(lookup.outgoing(image.id).map((e) => e.child))],
        externalBases: lookup.externalBases(image.id).map((b) => b.ref.familiar),
        inferred: incoming.flatMap((e) =>
          e.inferred ? [{ ...e.inferred, parent: e.parent, via: e.via }] : [],
        ),
        gpu: Boolean(image.gpu),
        sources: image.origins.map((o) => ({ ...o })),
        tagOrigins: image.tagOrigins ?? {},
        argOrigins: image.argOrigins ?? {},
      };
      if (image.target !== undefined) out.target = image.target;
      if (image.valueOrigins) out.origins = image.valueOrigins;
      if (image.variantOf) out.variantOf = image.variantOf;
      return out;
    }),
    edges: graph.edges.map((e) => ({
      parent: e.parent,
      child: e.child,
      kind: e.kind,
      via: e.via,
      inferred: Boolean(e.inferred),
      ...(e.file ? { file: e.file } : {}),
      ...(e.line ? { line: e.line } : {}),
      ...(e.origin ? { origin: e.origin } : {}),
      ...(e.tagOrigin ? { tagOrigin: e.tagOrigin } : {}),
    })),
    externalBases: graph.externalBases.map((b) => ({
      ref: b.ref.familiar,
      pinned: b.pinned,
      ...(b.ref.digest ? { digest: b.ref.digest } : {}),
      usedBy: b.usedBy,
    })),
    waves: graph.waves,
    unused: graph.unused,
    cycles: graph.cycles,
    diagnostics: graph.diagnostics,
    variables: graph.variables ?? [],
  };
}
