import type { Diagnostic } from './diagnostic.js';

/** A source range, 1-based lines and columns, inclusive start, exclusive end column. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** `--name=value` flags of an instruction, in order. A bare `--flag` has value `true`. */
export interface Flag {
  name: string;
  value: string | true;
  range: Range;
}

/** A heredoc body (`<<EOF ... EOF`, `<<-EOF`, `<<"EOF"`). */
export interface Heredoc {
  /** The delimiter word, without quotes or `-`. */
  delimiter: string;
  /** `<<-`: leading tabs are stripped. */
  stripTabs: boolean;
  /** Quoted delimiter: no variable expansion in the body. */
  quoted: boolean;
  /** For COPY/ADD heredocs the destination-less name; for RUN, absent. */
  body: string;
  /** Line of the first body line and of the closing delimiter. */
  startLine: number;
  endLine: number;
}

/** `RUN --mount=type=cache,target=/root/.cache,from=builder,source=/x`: the parsed key/values. */
export interface Mount {
  type: string;
  target?: string;
  source?: string;
  from?: string;
  id?: string;
  options: Record<string, string>;
}

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... For ONBUILD, the keyword is ONBUILD and `onbuild` holds the trigger. */
  keyword: string;
  /** Everything after the keyword and flags, as written (continuations joined with the escape removed). */
  args: string;
  /** Arguments split as Docker splits them: the JSON array for exec form, else whitespace-separated words. */
  words: string[];
  /** Exec (JSON array) form for RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME. */
  jsonForm: boolean;
  flags: Flag[];
  heredocs: Heredoc[];
  /** The full instruction text as in the file, with continuation lines. */
  raw: string;
  range: Range;
  /** Index of the stage the instruction belongs to; -1 for global instructions before the first FROM. */
  stage: number;
  onbuild?: Instruction;
}

export interface ArgDeclaration {
  name: string;
  /** Default value, unquoted. Absent for `ARG X`. */
  value?: string;
  line: number;
}

export interface EnvDeclaration {
  name: string;
  value: string;
  line: number;
}

export interface Stage {
  index: number;
  /** `AS name`, lower-cased as BuildKit does. */
  name?: string;
  /** The FROM image expression as written (may contain `${VAR}`). */
  from: string;
  /** `--platform=` of FROM, as written. */
  platform?: string;
  fromInstruction: Instruction;
  /** Instructions of the stage, FROM excluded. */
  instructions: Instruction[];
  /** ARGs declared inside the stage, in order. */
  args: ArgDeclaration[];
}

export interface ParsedDockerfile {
  /** Path relative to the scanned root, or `<inline:NAME>` for inline Dockerfiles. */
  file: string;
  /** Escape character from the `# escape=` directive; `\` by default. */
  escape: string;
  /** Value of the `# syntax=` directive. */
  syntax?: string;
  /** Value of the `# check=` directive (BuildKit's build-check options). */
  check?: string;
  /** ARGs declared before the first FROM (they may be used in FROM lines). */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** All instructions in file order, global ones included. */
  instructions: Instruction[];
  /** Comments with their line, for pragmas (`# strata ignore=...`, `# hadolint ignore=...`). */
  comments: { line: number; text: string }[];
  /** True when the file has no instruction at all. */
  empty: boolean;
  diagnostics: Diagnostic[];
}

/** A parsed image reference `registry/path/name:tag@digest`, normalised like Docker does. */
export interface ImageRef {
  /** As written after variable substitution. */
  raw: string;
  /** Registry host, `docker.io` when none is written. */
  registry: string;
  /** Repository path without registry, `library/` added for official images on docker.io. */
  repository: string;
  tag?: string;
  digest?: string;
  /** `name:tag` the way people write it: no docker.io, no library/; tag `latest` when none. */
  familiar: string;
}

/** Where a stage's FROM (or a COPY --from / mount from=) points after resolution. */
export type BaseRef =
  | { kind: 'stage'; stage: number }
  | { kind: 'scratch' }
  | { kind: 'image'; ref: ImageRef }
  | { kind: 'context'; name: string }
  /** Unresolvable (an ARG with no value) or syntactically invalid. */
  | { kind: 'unresolved'; text: string; reason: string };

export interface ResolvedStage {
  index: number;
  name?: string;
  base: BaseRef;
  /** The FROM expression with ARGs substituted. */
  fromResolved: string;
  platform?: string;
  /** COPY --from / ADD --from sources, resolved. */
  copyFrom: { instruction: Instruction; source: BaseRef }[];
  /** RUN --mount from= sources, resolved. */
  mountFrom: { instruction: Instruction; mount: Mount; source: BaseRef }[];
  /** Whether building the chosen target needs this stage (BuildKit skips the others). */
  needed: boolean;
}

export interface ResolveOptions {
  /** --build-arg values; override ARG defaults. */
  buildArgs?: Record<string, string>;
  /** --target stage name; the last stage when absent. */
  target?: string;
  /** --platform for the automatic platform ARGs (TARGETPLATFORM, TARGETOS, ...). Default linux/amd64. */
  platform?: string;
  /** Names of named build contexts (bake `contexts`, compose `additional_contexts`). */
  namedContexts?: string[];
}

export interface ResolvedDockerfile {
  parsed: ParsedDockerfile;
  stages: ResolvedStage[];
  /** Index of the stage that is built (the target, or the last stage). */
  targetStage: number;
  /** Values of global ARGs after overrides (used to resolve FROM lines). */
  globalArgValues: Record<string, string>;
  diagnostics: Diagnostic[];
}
