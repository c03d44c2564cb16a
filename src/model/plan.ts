/** What `plan` decides for one image. */
export type PlanAction = 'build' | 'skip' | 'reuse';

export interface PlanReason {
  /** Machine-readable kind of cause. */
  kind:
    | 'no-previous-build'
    | 'image-missing'
    | 'dockerfile-changed'
    | 'dockerignore-changed'
    | 'files-changed'
    | 'args-changed'
    | 'target-changed'
    | 'platform-changed'
    | 'parent-rebuilt'
    | 'parent-changed'
    | 'external-base-changed'
    | 'up-to-date'
    | 'in-registry'
    | 'forced'
    | 'definition-unreadable';
  /** One line a person reads: "src/app.py changed", "arg APP_ENV: production -> dev". */
  message: string;
  /** Files, args or image ids the reason names. */
  subjects?: string[];
}

/** The inputs that decide an image's result, and their hash. */
export interface Fingerprint {
  /** sha256 hex of all the parts below, in a stable order. */
  hash: string;
  dockerfile: string;
  dockerignore?: string;
  /** context file path -> sha256 of its content and mode. */
  files: Record<string, string>;
  args: Record<string, string>;
  target?: string;
  platform?: string;
  /** parent image id -> parent fingerprint. */
  parents: Record<string, string>;
  /** external base ref -> image id or digest, or 'absent'. */
  externalBases: Record<string, string>;
}

export interface PlannedImage {
  id: string;
  tags: string[];
  action: PlanAction;
  reasons: PlanReason[];
  fingerprint: string;
  /** Parent image ids (from the graph) that must be done first. */
  parents: string[];
  /** For reuse: the registry reference that holds the image. */
  reuseFrom?: string;
  /** The file that defines the image does not parse: a build fails it instead of building it untagged. */
  blocked?: true;
}

export interface BuildPlan {
  images: PlannedImage[];
  waves: string[][];
}
