import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { isRemoteContext } from '../discover/index.js';
import type { Discovery } from '../model/definition.js';
import { type Diagnostic, diagnostic, type Severity, sortDiagnostics } from '../model/diagnostic.js';
import type { ParsedDockerfile, Stage } from '../model/dockerfile.js';
import type { Image, ImageGraph } from '../model/graph.js';
import { readTextFile } from '../util/fs.js';
import { joinRel } from '../util/paths.js';
import { type CheckOptions, checkRuns, fileCheckOptions, instructionCheckOptions } from './buildkit-check.js';
import {
  defaultLintConfig,
  effectiveSeverity,
  isRuleEnabled,
  type LintConfig,
  reachesThreshold,
} from './config.js';
import { isSuppressed, type Pragmas, readPragmas } from './pragmas.js';
import { allRules } from './registry.js';
import type { Finding, LintContext, Rule, RuleMeta } from './rule.js';

/** A lint finding: `code` is the rule id, `hint` its fix; `rule` carries the rule's metadata. */
export interface LintDiagnostic extends Diagnostic {
  rule: RuleMeta;
}

export interface LintInputs {
  root: string;
  graph: ImageGraph;
  discovery: Discovery;
  /** Extra parsed Dockerfiles no image holds (the graph's images bring their own). */
  dockerfiles?: Map<string, ParsedDockerfile>;
}

export interface LintOptions {
  config?: LintConfig;
  /** The rules to run (every registered rule by default). */
  rules?: readonly Rule[];
}

export interface LintResult {
  root: string;
  /** Findings of the rules, sorted by file, line, column, rule. */
  diagnostics: LintDiagnostic[];
  /**
   * What is not a rule finding: scan and parse problems, configuration and pragma warnings, and rules
   * that failed (`STRATA_LINT_RULE_FAILED`). They count against the failure threshold too.
   */
  problems: Diagnostic[];
  /** Dockerfiles that were linted. */
  files: string[];
  /** Rules that ran. */
  rules: RuleMeta[];
  config: LintConfig;
  counts: Record<Severity, number>;
  /** A finding or problem reaches the failure threshold. */
  failed: boolean;
  /** Milliseconds each rule took, by rule id. */
  timings: Record<string, number>;
}

/**
 * Runs every enabled rule over a scanned repository. Each rule runs at its scope (instruction, stage,
 * Dockerfile, image, family, build context); pragmas and configuration decide what is reported and how
 * severe. A rule that throws becomes one `STRATA_LINT_RULE_FAILED` problem; the others still run.
 */
export async function lintGraph(inputs: LintInputs, options: LintOptions = {}): Promise<LintResult> {
  const config = options.config ?? defaultLintConfig();
  const metas = (options.rules ?? allRules).map((r) => r.meta);
  const dockerfiles = collectDockerfiles(inputs);
  const checks = checkOptionsByFile(inputs.graph, dockerfiles);
  const experimentalOn = (meta: RuleMeta) =>
    meta.buildkit !== undefined &&
    meta.buildkitExperimental === true &&
    [...checks.values()].some((o) => !('invalid' in o) && checkRuns(meta.buildkit ?? '', true, o));
  const rules = (options.rules ?? allRules).filter(
    (r) => isRuleEnabled(r.meta, config) || (experimentalOn(r.meta) && !config.ignore.includes(r.meta.id)),
  );
  const ctx = createContext(inputs, dockerfiles, config);
  const superseded = new Set(rules.flatMap((r) => r.meta.supersedes ?? []));
  // The graph carries discovery's diagnostics too; keep each once.
  const problems = uniqueDiagnostics([...inputs.graph.diagnostics, ...inputs.discovery.diagnostics]).filter(
    (d) => !superseded.has(d.code),
  );
  const pragmas = new Map<string, Pragmas>();
  for (const [file, parsed] of dockerfiles) {
    const p = readPragmas(parsed, metas);
    pragmas.set(file, p);
    problems.push(...p.diagnostics);
  }

  const raw: { rule: Rule; finding: Finding }[] = [];
  const timings: Record<string, number> = {};
  for (const rule of rules) {
    const start = performance.now();
    try {
      for (const finding of await runRule(rule, inputs.graph, dockerfiles, ctx)) raw.push({ rule, finding });
    } catch (e) {
      problems.push(
        diagnostic(
          'STRATA_LINT_RULE_FAILED',
          'error',
          `rule ${rule.meta.id} failed: ${(e as Error)?.message ?? e}`,
          {
            hint: 'this is a bug in strata; the other rules ran. Ignore the rule with --ignore to go on',
          },
        ),
      );
    }
    timings[rule.meta.id] = performance.now() - start;
  }

  const seen = new Set<string>();
  const diagnostics: LintDiagnostic[] = [];
  const violated = new Map<string, Set<string>>();
  for (const { rule, finding } of raw) {
    const line = finding.range?.line;
    const p = pragmas.get(finding.file);
    if (p && isSuppressed(p, rule.meta.id, line)) continue;
    const check = rule.meta.buildkit;
    if (check) {
      const fileOptions = checks.get(finding.file);
      const parsed = dockerfiles.get(finding.file);
      if (fileOptions && !('invalid' in fileOptions) && parsed) {
        const o = line ? instructionCheckOptions(parsed, line, fileOptions) : fileOptions;
        const experimental = rule.meta.buildkitExperimental === true;
        const forced = experimental && config.enable.includes(rule.meta.id);
        if (!forced && !checkRuns(check, experimental, o)) continue;
        if (fileOptions.error)
          violated.set(finding.file, (violated.get(finding.file) ?? new Set()).add(check));
      }
    }
    const d = toDiagnostic(rule.meta, finding, config);
    const key = diagnosticKey(d);
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(d);
  }

  for (const [file, options] of checks) {
    if ('invalid' in options) {
      problems.push(
        diagnostic('STRATA_LINT_CHECK_DIRECTIVE', 'warning', `${file}: ${options.invalid}`, {
          file,
          hint: 'write # check=skip=<check>[,<check>];error=<bool>;experimental=<check>',
        }),
      );
    }
  }
  for (const [file, names] of violated) {
    problems.push(
      diagnostic(
        'STRATA_LINT_CHECK_ERROR',
        'error',
        `lint violation found for rules: ${[...names].sort().join(', ')}`,
        {
          file,
          hint: 'the check directive (or BUILDKIT_DOCKERFILE_CHECK) says error=true: BuildKit fails this build',
        },
      ),
    );
  }
  const sorted = sortDiagnostics(diagnostics) as LintDiagnostic[];
  const sortedProblems = sortDiagnostics(problems);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of [...sorted, ...sortedProblems]) counts[d.severity]++;
  const failed = [...sorted, ...sortedProblems].some((d) =>
    reachesThreshold(d.severity, config.failureThreshold),
  );
  return {
    root: inputs.root,
    diagnostics: sorted,
    problems: sortedProblems,
    files: [...dockerfiles.keys()].sort(),
    rules: rules.map((r) => r.meta),
    config,
    counts,
    failed,
    timings,
  };
}

async function runRule(
  rule: Rule,
  graph: ImageGraph,
  dockerfiles: Map<string, ParsedDockerfile>,
  ctx: LintContext,
): Promise<Finding[]> {
  const out: Finding[] = [];
  switch (rule.scope) {
    case 'instruction':
      for (const file of dockerfiles.values()) {
        for (const ins of file.instructions) {
          // An ONBUILD trigger is checked as the instruction it holds, as hadolint does.
          const target = ins.onbuild && !rule.keywords.includes(ins.keyword) ? ins.onbuild : ins;
          if (!rule.keywords.includes(target.keyword)) continue;
          out.push(...rule.check(target, file.stages[ins.stage], file, ctx));
        }
      }
      break;
    case 'stage':
      for (const file of dockerfiles.values()) {
        const fragment = fragmentStage(file);
        for (const stage of fragment ? [fragment, ...file.stages] : file.stages)
          out.push(...rule.check(stage, file, ctx));
      }
      break;
    case 'dockerfile':
      out.push(...(await each([...dockerfiles.values()], (file) => rule.check(file, ctx))));
      break;
    case 'image':
      out.push(...(await each(graph.images, (image) => rule.check(image, ctx))));
      break;
    case 'family':
      out.push(...(await rule.check(ctx)));
      break;
    case 'context':
      out.push(
        ...(await each([...contexts(graph)], ([context, images]) => rule.check(context, images, ctx))),
      );
      break;
  }
  return out;
}

/** How many images, files or contexts a rule looks at at once (rules that read files overlap their reads). */
const RULE_CONCURRENCY = 16;

async function each<T>(items: T[], check: (item: T) => Finding[] | Promise<Finding[]>): Promise<Finding[]> {
  const limit = pLimit(RULE_CONCURRENCY);
  const results = await Promise.all(items.map((item) => limit(async () => check(item))));
  return results.flat();
}

function toDiagnostic(meta: RuleMeta, f: Finding, config: LintConfig): LintDiagnostic {
  const d: LintDiagnostic = {
    code: meta.id,
    severity: effectiveSeverity(meta, config),
    message: f.message,
    rule: meta,
  };
  d.file = f.file;
  if (f.range) {
    d.line = f.range.line;
    d.column = f.range.column;
    d.endLine = f.range.endLine;
    d.endColumn = f.range.endColumn;
  }
  if (f.fix) d.hint = f.fix;
  return d;
}

function diagnosticKey(d: Diagnostic): string {
  return [d.code, d.file, d.line, d.column, d.message].join('\0');
}

function uniqueDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = diagnosticKey(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every parsed Dockerfile once, by path: the graph's images first, then the extra ones. */
function collectDockerfiles(inputs: LintInputs): Map<string, ParsedDockerfile> {
  const map = new Map<string, ParsedDockerfile>();
  for (const image of inputs.graph.images) {
    const parsed = image.resolved?.parsed;
    if (parsed && !map.has(parsed.file)) map.set(parsed.file, parsed);
  }
  for (const [file, parsed] of inputs.dockerfiles ?? []) if (!map.has(file)) map.set(file, parsed);
  return map;
}

/** Local build contexts and the images built from each; remote (URL) contexts are left out. */
function contexts(graph: ImageGraph): Map<string, Image[]> {
  const map = new Map<string, Image[]>();
  for (const image of graph.images) {
    if (isRemoteContext(image.context)) continue;
    const list = map.get(image.context) ?? [];
    list.push(image);
    map.set(image.context, list);
  }
  return map;
}

function createContext(
  inputs: LintInputs,
  dockerfiles: Map<string, ParsedDockerfile>,
  config: LintConfig,
): LintContext {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    root: inputs.root,
    graph: inputs.graph,
    discovery: inputs.discovery,
    dockerfiles,
    trustedRegistries: config.trustedRegistries,
    options: (id) => config.rules[id] ?? {},
    readFile(rel) {
      let p = cache.get(rel);
      if (!p) {
        p = readTextFile(inputs.root, rel).then((r) => (r.ok ? r.text : undefined));
        cache.set(rel, p);
      }
      return p;
    },
  };
}

/** Joins the results of several roots into one report; paths get the root's `prefix` (relative to cwd). */
export function combineResults(parts: { prefix: string; result: LintResult }[]): LintResult {
  const first = parts[0]?.result;
  if (!first) throw new Error('combineResults needs at least one result');
  const move = <T extends Diagnostic>(d: T, prefix: string): T =>
    prefix && d.file && !d.file.startsWith('<') ? { ...d, file: joinRel(prefix, d.file) } : d;
  const diagnostics = parts.flatMap(({ prefix, result }) => result.diagnostics.map((d) => move(d, prefix)));
  const problems = parts.flatMap(({ prefix, result }) => result.problems.map((d) => move(d, prefix)));
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const { result } of parts)
    for (const s of ['error', 'warning', 'info'] as const) counts[s] += result.counts[s];
  const rules = new Map<string, RuleMeta>();
  for (const { result } of parts) for (const m of result.rules) rules.set(m.id, m);
  return {
    root: first.root,
    diagnostics: sortDiagnostics(diagnostics) as LintDiagnostic[],
    problems: sortDiagnostics(problems),
    files: parts
      .flatMap(({ prefix, result }) => result.files.map((f) => (prefix ? joinRel(prefix, f) : f)))
      .sort(),
    rules: [...rules.values()],
    config: first.config,
    counts,
    failed: parts.some((p) => p.result.failed),
    timings: {},
  };
}

const fragments = new WeakMap<ParsedDockerfile, Stage | null>();

/**
 * The instructions before the first FROM (other than ARG), as a stage of index -1, so that stage rules
 * lint fragments too (editors and pre-commit hooks send them); undefined when there are none.
 */
function fragmentStage(file: ParsedDockerfile): Stage | undefined {
  let stage = fragments.get(file);
  if (stage === undefined) {
    const loose = file.instructions.filter((i) => i.stage < 0 && i.keyword !== 'ARG');
    const first = loose[0];
    stage = first ? { index: -1, from: '', fromInstruction: first, instructions: loose, args: [] } : null;
    fragments.set(file, stage);
  }
  return stage ?? undefined;
}

/**
 * BuildKit's check options of each Dockerfile: the `BUILDKIT_DOCKERFILE_CHECK` build arg of an image
 * built from it when there is one (it replaces the file's directive), else its `# check=` directive.
 */
function checkOptionsByFile(
  graph: ImageGraph,
  dockerfiles: Map<string, ParsedDockerfile>,
): Map<string, CheckOptions | { invalid: string }> {
  const out = new Map<string, CheckOptions | { invalid: string }>();
  for (const [name, file] of dockerfiles) {
    const arg = graph.images.find(
      (i) => i.dockerfile === name && i.args.BUILDKIT_DOCKERFILE_CHECK !== undefined,
    )?.args.BUILDKIT_DOCKERFILE_CHECK;
    out.set(name, fileCheckOptions(file, arg));
  }
  return out;
}
