import type { Discovery } from '../model/definition.js';
import type { Severity } from '../model/diagnostic.js';
import type { Instruction, ParsedDockerfile, Range, Stage } from '../model/dockerfile.js';
import type { Image, ImageGraph } from '../model/graph.js';

export type RuleCategory =
  | 'cache'
  | 'size'
  | 'reliability'
  | 'security'
  | 'ml'
  | 'family'
  | 'context'
  | 'hygiene';

export interface RuleMeta {
  /** Stable id, kebab-case, e.g. `apt-no-install-recommends`. Doc page: docs/rules/<id>.md. */
  id: string;
  category: RuleCategory;
  severity: Severity;
  enabledByDefault: boolean;
  /** The hadolint rule it matches (`DL3015`): its `# hadolint ignore=` pragmas are honoured. */
  hadolint?: string;
  /**
   * The BuildKit build check it matches (`JSONArgsRecommended`, from `docker build --check`): BuildKit's
   * `# check=skip=` directive and the `BUILDKIT_DOCKERFILE_CHECK` build arg reach it.
   */
  buildkit?: string;
  /** BuildKit marks the check experimental: it runs only when `# check=experimental=` names it (or enabled). */
  buildkitExperimental?: boolean;
  /** One line: what the rule finds. */
  description: string;
  /**
   * Scan diagnostic codes (`STRATA_DF_DUPLICATE_STAGE`) this rule reports in its own words: while the rule
   * runs, `strata lint` shows the rule's finding (which pragmas and severity overrides reach) instead.
   */
  supersedes?: string[];
}

/** What a rule reports; the engine adds rule id, severity (after overrides) and the doc link. */
export interface Finding {
  message: string;
  /** Relative to the scanned root. */
  file: string;
  range?: Range;
  /** How to fix it, one line. */
  fix?: string;
}

/** Facts every rule may use, computed once per lint run. */
export interface LintContext {
  root: string;
  graph: ImageGraph;
  discovery: Discovery;
  /** Parsed Dockerfiles by relative path (inline ones under `<inline:NAME>`). */
  dockerfiles: Map<string, ParsedDockerfile>;
  /** Reads a repository file as text (cached); undefined when unreadable. */
  readFile(rel: string): Promise<string | undefined>;
  /** Registries allowed by configuration (`trustedRegistries`); empty means "not configured". */
  trustedRegistries: string[];
  /** Per-rule options from configuration. */
  options(ruleId: string): Record<string, unknown>;
}

export interface InstructionRule {
  meta: RuleMeta;
  scope: 'instruction';
  /** Only instructions with these keywords are passed (upper case). */
  keywords: string[];
  check(
    instruction: Instruction,
    stage: Stage | undefined,
    file: ParsedDockerfile,
    ctx: LintContext,
  ): Finding[];
}

export interface StageRule {
  meta: RuleMeta;
  scope: 'stage';
  check(stage: Stage, file: ParsedDockerfile, ctx: LintContext): Finding[];
}

export interface DockerfileRule {
  meta: RuleMeta;
  scope: 'dockerfile';
  check(file: ParsedDockerfile, ctx: LintContext): Finding[] | Promise<Finding[]>;
}

/** Runs once per image of the graph: ARGs resolved, parents and needed stages known. */
export interface ImageRule {
  meta: RuleMeta;
  scope: 'image';
  check(image: Image, ctx: LintContext): Finding[] | Promise<Finding[]>;
}

/** Runs once over the whole family. */
export interface FamilyRule {
  meta: RuleMeta;
  scope: 'family';
  check(ctx: LintContext): Finding[] | Promise<Finding[]>;
}

/** Runs once per distinct build context (folder), with the images that use it. */
export interface ContextRule {
  meta: RuleMeta;
  scope: 'context';
  check(context: string, images: Image[], ctx: LintContext): Finding[] | Promise<Finding[]>;
}

export type Rule = InstructionRule | StageRule | DockerfileRule | ImageRule | FamilyRule | ContextRule;
