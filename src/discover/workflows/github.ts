import path from 'node:path';
import type { ImageDefinition, ScriptMention, ValueOrigin, ValueOrigins } from '../../model/definition.js';
import { type Diagnostic, diagnostic } from '../../model/diagnostic.js';
import { joinRel } from '../../util/paths.js';
import { isRemoteContext } from '../local-path.js';
import { anchored, isUnresolved, settleUnresolved, unresolved } from '../script-text.js';
import { parseBuildScript } from '../scripts.js';
import { isRecord, parseYamlSource, type YamlSource } from '../yaml-source.js';
import {
  type Contexts,
  evaluateValue,
  interpolateExpressions,
  OPEN,
  toText,
  Unknown,
  type Value,
} from './expression.js';

/**
 * Reads GitHub Actions workflows as the runner would run them, statically: every job once per row of
 * its `strategy.matrix` (with `include` and `exclude`), reusable workflows called from a job
 * (`uses: ./.github/workflows/x.yml` with `with:`) run with those inputs, `needs.<job>.outputs.<name>`
 * resolved through the job's `outputs`, `env` at workflow, job and step level. Builds come from
 * `docker/build-push-action` steps (`context`, `file`, `tags`, `build-args`, `build-contexts`, `target`,
 * `platforms`) and from `run:` steps, which are read as shell scripts. Values only known when the
 * workflow runs (`github.sha`, a step's outputs) are written as stable words (`settleUnresolved`).
 */

export interface WorkflowResult {
  definitions: ImageDefinition[];
  mentions: ScriptMention[];
  diagnostics: Diagnostic[];
}

export interface WorkflowOptions {
  exists: (rel: string) => boolean;
}

interface Workflow {
  file: string;
  source: YamlSource;
  doc: Record<string, unknown>;
}

/** Matrix rows per job at most (a guard against generated matrices). */
const MAX_ROWS = 256;
/** Reusable-workflow calls followed in depth at most (GitHub allows 10 levels). */
const MAX_DEPTH = 10;

export function readGithubWorkflows(
  files: { file: string; text: string }[],
  opts: WorkflowOptions,
): WorkflowResult {
  const out: WorkflowResult = { definitions: [], mentions: [], diagnostics: [] };
  const workflows = new Map<string, Workflow>();
  for (const { file, text } of files) {
    const parsed = parseYamlSource(text, file, 'STRATA_WORKFLOW_PARSE');
    out.diagnostics.push(...parsed.diagnostics);
    if (parsed.source && isRecord(parsed.source.value))
      workflows.set(file, { file, source: parsed.source, doc: parsed.source.value });
  }
  const called = new Set<string>();
  for (const wf of workflows.values()) {
    for (const job of Object.values(jobsOf(wf))) {
      const target = localWorkflow(job.uses);
      if (target) called.add(target);
    }
  }
  const seen = new Set<string>();
  const add = (def: ImageDefinition): void => {
    const key = JSON.stringify([
      def.origin.file,
      def.origin.line,
      def.dockerfile,
      def.context,
      def.target,
      def.args,
      def.tags,
    ]);
    if (seen.has(key)) return;
    seen.add(key);
    out.definitions.push(def);
  };
  const run = (wf: Workflow, inputs: Record<string, Value>, depth: number): void => {
    const jobs = jobsOf(wf);
    const env = (contexts: Contexts, raw: unknown): Record<string, Value> =>
      isRecord(raw) ? (evaluateValue(raw, contexts) as Record<string, Value>) : {};
    const baseContexts = (extra: Record<string, Value>): Contexts => {
      return (name) => {
        if (name in extra) return extra[name];
        if (name === 'inputs') return inputs;
        if (name === 'github') return { [OPEN]: true, workspace: anchored('.').replace(/\/$/, '') };
        return undefined;
      };
    };
    const wfEnv = env(baseContexts({}), wf.doc.env);
    const outputsCache = new Map<string, Value>();
    const needsOf = (jobId: string, stack: string[]): Record<string, Value> => {
      const job = jobs[jobId];
      const needs = job?.needs === undefined ? [] : ([] as unknown[]).concat(job.needs);
      const result: Record<string, Value> = {};
      for (const n of needs) {
        if (typeof n !== 'string' || stack.includes(n)) continue;
        result[n] = { outputs: outputsOf(n, [...stack, n]), result: 'success' };
      }
      return result;
    };
    const outputsOf = (jobId: string, stack: string[]): Value => {
      const cached = outputsCache.get(jobId);
      if (cached !== undefined) return cached;
      const job = jobs[jobId];
      if (!job || !isRecord(job.outputs)) return {};
      const ctx = jobContexts(jobId, {}, stack);
      // A matrix job's outputs are whichever row finished last: not known.
      const value = job.strategy
        ? Object.fromEntries(
            Object.keys(job.outputs).map((k) => [k, new Unknown(`needs.${jobId}.outputs.${k}`)]),
          )
        : (evaluateValue(job.outputs, ctx) as Value);
      outputsCache.set(jobId, value);
      return value;
    };
    const jobContexts = (jobId: string, matrix: Record<string, Value>, stack: string[]): Contexts => {
      const needs = needsOf(jobId, stack);
      const first = baseContexts({ matrix, needs, env: wfEnv });
      const jobEnv = { ...wfEnv, ...env(first, jobs[jobId]?.env) };
      return baseContexts({
        matrix,
        needs,
        env: jobEnv,
        steps: new Unknown(`jobs.${jobId}.steps`),
      });
    };
    for (const [jobId, job] of Object.entries(jobs)) {
      const rows = matrixRows(job.strategy, baseContexts({ env: wfEnv, needs: needsOf(jobId, [jobId]) }));
      for (const row of rows) {
        const contexts = jobContexts(jobId, row, [jobId]);
        const target = localWorkflow(job.uses);
        if (target) {
          const callee = workflows.get(target);
          if (!callee || depth >= MAX_DEPTH) continue;
          const given = isRecord(job.with)
            ? (evaluateValue(job.with, contexts) as Record<string, Value>)
            : {};
          run(callee, { ...inputDefaults(callee, 'workflow_call'), ...given }, depth + 1);
          continue;
        }
        const steps = Array.isArray(job.steps) ? job.steps : [];
        const jobEnv = contexts('env') as Record<string, Value>;
        steps.forEach((step, index) => {
          if (!isRecord(step)) return;
          const stepEnv = { ...jobEnv, ...env(contexts, step.env) };
          const stepContexts: Contexts = (name) => (name === 'env' ? stepEnv : contexts(name));
          const where = (...keys: string[]): ValueOrigin => {
            const line = wf.source.lineOf(['jobs', jobId, 'steps', index, ...keys]);
            return { file: wf.file, ...(line === undefined ? {} : { line }) };
          };
          if (typeof step.uses === 'string' && /^docker\/build-push-action@/.test(step.uses)) {
            const def = buildPushAction(step, stepContexts, where, steps, opts);
            if (def) add(def);
            return;
          }
          if (typeof step.run === 'string') {
            const text = interpolateExpressions(step.run, stepContexts);
            if (!/\b(?:docker|podman|buildah|nerdctl)\b/.test(text)) return;
            const vars = Object.fromEntries(Object.entries(stepEnv).map(([k, v]) => [k, toText(v)]));
            const dir =
              typeof step['working-directory'] === 'string'
                ? interpolateExpressions(step['working-directory'], stepContexts)
                : typeof defaultsDir(job, wf) === 'string'
                  ? defaultsDir(job, wf)!
                  : '.';
            const cwd = isUnresolved(dir) ? '.' : joinRel(dir.replace(/^\u0003\/?/, ''));
            const result = parseBuildScript(text, wf.file, { exists: opts.exists, vars, cwd, settle: true });
            const runLine = where('run').line ?? 1;
            const block = step.run.includes('\n');
            const shift = (line: number): number => runLine + line - (block ? 0 : 1);
            for (const def of result.definitions) {
              def.origin = { ...def.origin, line: shift(def.origin.line ?? 1) };
              const o: ValueOrigin = { file: wf.file, line: def.origin.line! };
              def.tagOrigins = Object.fromEntries(def.tags.map((t) => [t, o]));
              def.argOrigins = Object.fromEntries(Object.keys(def.args).map((a) => [a, o]));
              add(def);
            }
            for (const m of result.mentions) out.mentions.push({ ...m, line: shift(m.line) });
            for (const d of result.diagnostics)
              out.diagnostics.push({ ...d, ...(d.line === undefined ? {} : { line: shift(d.line) }) });
          }
        });
      }
    }
  };
  for (const wf of workflows.values()) {
    if (called.has(wf.file)) continue;
    try {
      run(wf, { ...inputDefaults(wf, 'workflow_call'), ...inputDefaults(wf, 'workflow_dispatch') }, 0);
    } catch (e) {
      out.diagnostics.push(
        diagnostic(
          'STRATA_WORKFLOW_UNREADABLE',
          'warning',
          `${wf.file} could not be followed: ${(e as Error).message}`,
          {
            file: wf.file,
            hint: 'declare its images in strata.yaml images:',
          },
        ),
      );
    }
  }
  return out;
}

type Job = Record<string, unknown>;

function jobsOf(wf: Workflow): Record<string, Job> {
  const jobs = wf.doc.jobs;
  if (!isRecord(jobs)) return {};
  return Object.fromEntries(Object.entries(jobs).filter((e): e is [string, Job] => isRecord(e[1])));
}

function defaultsDir(job: Job, wf: Workflow): string | undefined {
  const pick = (d: unknown): string | undefined =>
    isRecord(d) && isRecord(d.run) && typeof d.run['working-directory'] === 'string'
      ? d.run['working-directory']
      : undefined;
  return pick(job.defaults) ?? pick(wf.doc.defaults);
}

/** `./.github/workflows/build.yml` -> `.github/workflows/build.yml`; other `uses:` -> undefined. */
function localWorkflow(uses: unknown): string | undefined {
  if (typeof uses !== 'string' || !uses.startsWith('./')) return undefined;
  return path.posix.normalize(uses.split('@')[0]!);
}

function inputDefaults(wf: Workflow, trigger: string): Record<string, Value> {
  const on = wf.doc.on ?? wf.doc.true;
  if (!isRecord(on) || !isRecord(on[trigger]) || !isRecord(on[trigger].inputs)) return {};
  const out: Record<string, Value> = {};
  for (const [name, spec] of Object.entries(on[trigger].inputs)) {
    if (isRecord(spec) && spec.default !== undefined) out[name] = spec.default as Value;
  }
  return out;
}

/** The rows of a job's matrix: the product of its lists, minus `exclude`, with `include` applied. */
export function matrixRows(strategy: unknown, contexts: Contexts): Record<string, Value>[] {
  if (!isRecord(strategy) || strategy.matrix === undefined) return [{}];
  const matrix = evaluateValue(strategy.matrix, contexts);
  // A matrix computed when the workflow runs (`fromJSON(needs.x.outputs.matrix)`): its values are unknown.
  if (matrix instanceof Unknown || !isRecord(matrix)) return [{ [OPEN]: true }];
  const m = matrix as Record<string, Value>;
  const keys = Object.keys(m).filter((k) => k !== 'include' && k !== 'exclude');
  let rows: Record<string, Value>[] = keys.length > 0 ? [{}] : [];
  for (const key of keys) {
    const values = m[key];
    const list = Array.isArray(values) ? values : [values as Value];
    rows = rows.flatMap((r) => list.map((v) => ({ ...r, [key]: v })));
    if (rows.length > MAX_ROWS) rows = rows.slice(0, MAX_ROWS);
  }
  const matches = (row: Record<string, Value>, partial: Record<string, Value>, only: string[]): boolean =>
    only.every((k) => JSON.stringify(row[k]) === JSON.stringify(partial[k]));
  const records = (v: Value | undefined): Record<string, Value>[] =>
    Array.isArray(v)
      ? (v.filter((x) => isRecord(x) && !(x instanceof Unknown)) as Record<string, Value>[])
      : [];
  const exclude = records(m.exclude);
  rows = rows.filter((r) => !exclude.some((e) => matches(r, e, Object.keys(e))));
  const include = records(m.include);
  const original = rows.map((r) => ({ ...r }));
  for (const inc of include) {
    const entries = inc as Record<string, Value>;
    // Added to every original row whose original values it does not overwrite; otherwise a new row.
    let extended = false;
    rows.slice(0, original.length).forEach((r, i) => {
      const base = original[i]!;
      const clash = Object.keys(entries).some(
        (k) => k in base && JSON.stringify(base[k]) !== JSON.stringify(entries[k]),
      );
      if (!clash) {
        Object.assign(r, entries);
        extended = true;
      }
    });
    if (!extended) rows.push({ ...entries });
  }
  return rows.length > 0 ? rows : [{}];
}

/** A list input of an action: newline-separated (and comma-separated for `tags`), blank lines dropped. */
function listInput(value: Value | undefined, commas: boolean): string[] {
  if (value === undefined || value === null) return [];
  const text = toText(value);
  return text
    .split(commas ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function buildPushAction(
  step: Record<string, unknown>,
  contexts: Contexts,
  where: (...keys: string[]) => ValueOrigin,
  steps: unknown[],
  opts: WorkflowOptions,
): ImageDefinition | undefined {
  const withRaw = isRecord(step.with) ? step.with : {};
  const input = (name: string): Value | undefined =>
    withRaw[name] === undefined ? undefined : evaluateValue(withRaw[name], contexts);
  const origin = where('uses');
  const contextValue = input('context');
  let context = contextValue === undefined ? '.' : toText(contextValue).trim() || '.';
  // The Git context of the action is the repository at the workflow's commit: its root here.
  context = context.replace(/^\{\{\s*defaultContext\s*\}\}:?/, '') || '.';
  if (isUnresolved(context)) return undefined;
  const remote = isRemoteContext(context);
  const fileValue = input('file');
  const file = fileValue === undefined ? undefined : toText(fileValue).trim();
  if (file !== undefined && isUnresolved(file)) return undefined;
  const rel = (p: string): string => joinRel(p.replace(/^\u0003\/?/, ''));
  const ctx = remote ? context : rel(context);
  const dockerfile =
    file === undefined ? (remote ? 'Dockerfile' : joinRel(ctx, 'Dockerfile')) : remote ? file : rel(file);
  if (!remote && !opts.exists(dockerfile)) return undefined;
  const tags = tagsOf(input('tags'), steps, contexts);
  const args: Record<string, string> = {};
  for (const line of listInput(input('build-args'), false)) {
    const eq = line.indexOf('=');
    if (eq > 0) args[line.slice(0, eq)] = settleUnresolved(line.slice(eq + 1));
  }
  const namedContexts: Record<string, string> = {};
  for (const line of listInput(input('build-contexts'), false)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const value = line.slice(eq + 1);
    if (isUnresolved(value)) continue;
    namedContexts[line.slice(0, eq)] = /^(?:[a-z-]+:\/\/|target:|service:)/.test(value) ? value : rel(value);
  }
  const withOrigin = (key: string): ValueOrigin => where('with', key);
  const def: ImageDefinition = {
    origin: {
      kind: 'script',
      file: origin.file,
      ...(origin.line === undefined ? {} : { line: origin.line }),
    },
    dockerfile,
    context: ctx,
    args,
    tags,
    contexts: namedContexts,
    platforms: listInput(input('platforms'), true).filter((p) => !isUnresolved(p)),
    tagOrigins: Object.fromEntries(tags.map((t) => [t, withOrigin('tags')])),
    argOrigins: Object.fromEntries(Object.keys(args).map((a) => [a, withOrigin('build-args')])),
  };
  const valueOrigins: ValueOrigins = {};
  if (contextValue !== undefined) valueOrigins.context = withOrigin('context');
  if (file !== undefined) valueOrigins.dockerfile = withOrigin('file');
  if (Object.keys(namedContexts).length > 0)
    valueOrigins.contexts = Object.fromEntries(
      Object.keys(namedContexts).map((n) => [n, withOrigin('build-contexts')]),
    );
  if (remote) def.remoteContext = true;
  const target = input('target');
  if (target !== undefined && !(target instanceof Unknown) && toText(target).trim() !== '') {
    def.target = toText(target).trim();
    valueOrigins.target = withOrigin('target');
  }
  if (Object.keys(valueOrigins).length > 0) def.valueOrigins = valueOrigins;
  return def;
}

/**
 * The tags of a build-push-action step. `${{ steps.meta.outputs.tags }}` of a docker/metadata-action
 * step gives, for each of its `images`, that image with a tag known only when the workflow runs.
 */
function tagsOf(value: Value | undefined, steps: unknown[], contexts: Contexts): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  const meta = (text: string): string[] | undefined => {
    const m = /^steps\.([\w-]+)\.outputs\.tags$/.exec(text.replace(/^jobs\.[\w-]+\./, ''));
    if (!m) return undefined;
    const step = steps.find((s) => isRecord(s) && s.id === m[1]);
    if (!isRecord(step) || typeof step.uses !== 'string' || !/^docker\/metadata-action@/.test(step.uses))
      return undefined;
    const images = isRecord(step.with) ? evaluateValue(step.with.images, contexts) : undefined;
    return listInput(images, true)
      .map((line) => (/^name=([^,]+)/.exec(line)?.[1] ?? line).trim())
      .filter((image) => image !== '' && !image.includes('='))
      .map((image) => settleUnresolved(`${image}:${unresolved(text)}`));
  };
  const items = value instanceof Unknown ? [value] : listInput(value, true);
  for (const item of items) {
    if (item instanceof Unknown) {
      out.push(...(meta(item.text) ?? []));
      continue;
    }
    const whole = /^\u0001\$\{\{ ([^\u0002]*) \}\}\u0002$/.exec(item);
    if (whole) {
      out.push(...(meta(whole[1]!) ?? []));
      continue;
    }
    out.push(settleUnresolved(item));
  }
  return [...new Set(out)];
}
