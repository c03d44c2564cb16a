/**
 * An image definition: one place in the repository that says "build this Dockerfile with this context".
 * Discovery yields these from compose files, bake files, build scripts, strata.yaml, and from bare
 * Dockerfiles that nothing else mentions. The graph merges definitions of the same image.
 * All paths are relative to the scanned root, POSIX separators, '.' for the root itself.
 */
export type DefinitionKind = 'compose' | 'bake' | 'script' | 'config' | 'dockerfile';

export interface DefinitionOrigin {
  kind: DefinitionKind;
  /** File that holds the definition (the compose file, the script, ...). */
  file: string;
  line?: number;
  /** compose service name, bake target name, strata.yaml image key. */
  name?: string;
}

/** A place in a build file: the file (root-relative) and the 1-based line that states a value. */
export interface ValueOrigin {
  file: string;
  line?: number;
}

/**
 * Where the other values of a definition are stated (keys as in the definition): bake, compose and
 * `docker/build-push-action` steps record them.
 */
export interface ValueOrigins {
  context?: ValueOrigin;
  dockerfile?: ValueOrigin;
  target?: ValueOrigin;
  /** Named context -> where its value is stated. */
  contexts?: Record<string, ValueOrigin>;
  /**
   * Tags and build args as templates of the bake variables they are made of (`acme/app:${TAG}`), when
   * the value is the variables' values put into fixed text; values made otherwise are absent.
   */
  templates?: { tags?: Record<string, string>; args?: Record<string, string> };
}

export interface ImageDefinition {
  origin: DefinitionOrigin;
  /** Where each tag is stated when that is not `origin`. */
  tagOrigins?: Record<string, ValueOrigin>;
  /** Where each build arg's value is stated when that is not `origin`. */
  argOrigins?: Record<string, ValueOrigin>;
  /** Where its context, Dockerfile, target and named contexts are stated; its value templates. */
  valueOrigins?: ValueOrigins;
  /**
   * Why this definition is one of several images built from the same Dockerfile (a matrix row, a CPU/CUDA
   * variant, a second compose file): a short phrase such as `matrix cuda=12.8`.
   */
  variant?: string;
  /** Path of the Dockerfile; absent when `dockerfileInline` is given. */
  dockerfile?: string;
  /** compose `dockerfile_inline` / bake `dockerfile-inline`. */
  dockerfileInline?: string;
  context: string;
  /** The context is not a local folder (a git or https URL): recorded, not read. */
  remoteContext?: boolean;
  target?: string;
  args: Record<string, string>;
  tags: string[];
  /**
   * Named build contexts (compose `additional_contexts`, bake `contexts`), raw values:
   * a path, `service:<name>`, `target:<name>`, `docker-image://<ref>`, `oci-layout://...`, a URL.
   */
  contexts: Record<string, string>;
  platforms: string[];
  /** compose: a GPU is reserved under deploy.resources.reservations.devices. */
  gpu?: GpuReservation;
  /** compose service the image is built for (for healthcheck and runtime rules). */
  service?: ComposeServiceRuntime;
}

export interface GpuReservation {
  driver?: string;
  count?: number | 'all';
  deviceIds?: string[];
  capabilities: string[];
}

/** The runtime side of a compose service that later stages (lint, verify) look at. */
export interface ComposeServiceRuntime {
  name: string;
  hasHealthcheck: boolean;
  user?: string;
  command?: string | string[];
  /** `depends_on`: the services it starts after (a run order, which need not be a build link). */
  dependsOn?: string[];
}

/** A build-script line that names a Dockerfile or tag it could not fully resolve: evidence for inference. */
export interface ScriptMention {
  file: string;
  line: number;
  text: string;
  tag?: string;
  dockerfile?: string;
  context?: string;
}

/** A compose service that runs an image without building it (`image:` only): the image is used by compose. */
export interface ComposeImageUse {
  file: string;
  line?: number;
  service: string;
  image: string;
}

/** A bake group: the targets `docker buildx bake <group>` builds (nested groups and matrix targets flattened). */
export interface BakeGroup {
  file: string;
  line?: number;
  name: string;
  targets: string[];
}

/**
 * A variable a build file uses (a bake `variable`, a compose `${VAR}`) and the value the scan took:
 * `set` (given to strata: --set, --env-file), `env` (the invoking environment), `dotenv` (a compose
 * `.env`), `default` (the file's own default), `unset` (none: empty). `value` is kept only for values
 * stated in the repository or given to strata, never for ones taken from the environment.
 */
export interface VariableUse {
  name: string;
  source: 'set' | 'env' | 'dotenv' | 'default' | 'unset';
  value?: string;
  /** The default the file states, as text (absent when it has none or it is not a string or number). */
  default?: string;
  /** The file (and line) that declares the variable. */
  file: string;
  line?: number;
}

/** What discovery found in a repository. */
export interface Discovery {
  root: string;
  /** Dockerfile paths (relative), including empty ones. */
  dockerfiles: string[];
  /** .dockerignore paths (relative): `<ctx>/.dockerignore` and `<name>.dockerignore`. */
  dockerignores: string[];
  composeFiles: string[];
  bakeFiles: string[];
  scripts: string[];
  configFile?: string;
  definitions: ImageDefinition[];
  scriptMentions: ScriptMention[];
  /** Requirement and version files (requirements*.txt, versions.txt, .env, pyproject.toml, package.json). */
  dependencyFiles: string[];
  diagnostics: import('./diagnostic.js').Diagnostic[];
  /** Images compose services run without building them; they count as used. */
  runOnly?: ComposeImageUse[];
  /** Bake groups of every bake file: which targets are built on purpose. */
  bakeGroups?: BakeGroup[];
  /** Variables of bake and compose files and the values the scan used for them. */
  variables?: VariableUse[];
}
