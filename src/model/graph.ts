import type {
  ComposeServiceRuntime,
  DefinitionOrigin,
  GpuReservation,
  ValueOrigin,
  ValueOrigins,
  VariableUse,
} from './definition.js';
import type { Diagnostic } from './diagnostic.js';
import type { ImageRef, ResolvedDockerfile } from './dockerfile.js';

/** Which layer of the family an image sits in. */
export type ImageRole = 'system-base' | 'shared-base' | 'service';

/**
 * One image of the family: (Dockerfile, context, target, build args) with its tags.
 * `id` is short, stable and unique within the scan (compose service, bake target, tag name or folder).
 */
export interface Image {
  id: string;
  dockerfile: string;
  context: string;
  target?: string;
  args: Record<string, string>;
  tags: string[];
  platforms: string[];
  contexts: Record<string, string>;
  origins: DefinitionOrigin[];
  /** Where its tags, args, contexts, context, Dockerfile and target are stated (the first definition that states each). */
  valueOrigins?: ValueOrigins;
  /**
   * Where each tag is stated: the first definition that states it, at the definition's line when it
   * records no finer origin. Inferred tags have none.
   */
  tagOrigins?: Record<string, ValueOrigin>;
  /** Where each build arg's value is stated: the first definition that gives the value the image keeps. */
  argOrigins?: Record<string, ValueOrigin>;
  /**
   * Set when several images share this image's Dockerfile: the id of the primary one (the one with the
   * plain name) and why this one is separate (`args CUDA=12.8 differ`, `matrix cuda=12.8`, ...).
   */
  variantOf?: { primary: string; reason: string };
  gpu?: GpuReservation;
  services: ComposeServiceRuntime[];
  /** The parsed and resolved Dockerfile; absent when it could not be read. */
  resolved?: ResolvedDockerfile;
  role: ImageRole;
}

export type EdgeKind = 'from' | 'copy-from' | 'mount-from' | 'context';

/** parent -> child: the child needs the parent built first. */
export interface Edge {
  parent: string;
  child: string;
  kind: EdgeKind;
  /** The reference as the child names it (a tag, `target:x`, `service:x`). */
  via: string;
  /** Not stated by any file: derived from folder names or build-script text. */
  inferred?: InferenceEvidence;
  /** The Dockerfile line that makes the reference. */
  file?: string;
  line?: number;
  /**
   * The build-file line that decides the link: the build arg a FROM or --from uses (`args` in bake or
   * compose, `--build-arg BASE_IMG=...` in a Makefile, `build-args:` in a workflow), or the named context.
   */
  origin?: ValueOrigin;
  /** Where the parent's tag the reference matched is stated. */
  tagOrigin?: ValueOrigin;
}

export interface InferenceEvidence {
  reason: 'folder-name' | 'script-line';
  detail: string;
  file: string;
  line?: number;
}

export interface ExternalBase {
  ref: ImageRef;
  /** Image ids that use it. */
  usedBy: string[];
  pinned: boolean;
}

export interface ImageGraph {
  root: string;
  images: Image[];
  edges: Edge[];
  externalBases: ExternalBase[];
  /** Topological levels: every image's parents are in earlier waves. Cyclic images are left out. */
  waves: string[][];
  /** Images no other image uses and that no compose service or bake group runs (bases built for nothing). */
  unused: string[];
  cycles: string[][];
  diagnostics: Diagnostic[];
  /** Variables of the bake files and the values the scan used (pinned, environment, default). */
  variables?: VariableUse[];
}
