import path from 'node:path';
import type { ImageDefinition, ScriptMention, ValueOrigin } from '../../model/definition.js';
import { type Diagnostic, diagnostic } from '../../model/diagnostic.js';
import { joinRel } from '../../util/paths.js';
import { isRemoteContext } from '../local-path.js';
import type { BuildCommand } from '../script-build-command.js';
import { anchoredToRel } from '../script-expand.js';
import { ANCHOR, displayText, isUnresolved, settleUnresolved } from '../script-text.js';
import { type MakeDatabase, readMakefile } from './database.js';
import { type RecipeRun, walkGoal } from './goals.js';
import { recipeActions } from './recipe.js';

export { type MakeDatabase, readMakefile } from './database.js';

export interface MakeOptions {
  /** Text of a root-relative file; undefined when it does not exist. */
  read: (rel: string) => string | undefined;
  /** Whether a root-relative path exists. */
  exists: (rel: string) => boolean;
}

export interface MakeResult {
  definitions: ImageDefinition[];
  mentions: ScriptMention[];
  diagnostics: Diagnostic[];
  /** Makefiles this one includes or runs with `$(MAKE)`: their own results are part of this one's. */
  reached: Set<string>;
}

/** Sub-makes followed per top-level makefile at most. */
const MAX_SUB_MAKES = 200;
/** Goals walked per makefile at most. */
const MAX_GOALS = 400;

/**
 * Evaluates a Makefile statically as `make` would run it from its own folder: reads it with its includes,
 * walks the default goal and then every other explicit target not reached yet (each as its own `make
 * <target>`), follows `$(MAKE) -C dir` into other makefiles with the variables make passes down, and turns
 * every `docker build`-like recipe line into an image definition. Nothing is run: `$(shell ...)` and
 * friends stay unresolved, are reported once each, and a build line that depends on them becomes a
 * mention (evidence for inferred links) for the parts it cannot know. `file` is relative to the root.
 */
export function evaluateMakefile(file: string, opts: MakeOptions): MakeResult {
  const out: MakeResult = { definitions: [], mentions: [], diagnostics: [], reached: new Set() };
  const seen = new Set<string>();
  const unresolvedSeen = new Set<string>();
  const report = (text: string, where: ValueOrigin): void => {
    const key = `${where.file}:${where.line}:${text}`;
    if (unresolvedSeen.has(key)) return;
    unresolvedSeen.add(key);
    out.diagnostics.push(
      diagnostic(
        'STRATA_MAKE_UNRESOLVED',
        'info',
        `${displayText(text)} is not evaluated (a scan never runs the repository's code); it stands as ${settleUnresolved(text.startsWith('\u0001') ? text : `\u0001${text}\u0002`)} in tags and build args`,
        {
          file: where.file,
          ...(where.line === undefined ? {} : { line: where.line }),
          hint: 'pass the value with strata.yaml images: if an image depends on it',
        },
      ),
    );
  };
  let subMakes = 0;
  const evaluate = (
    makefile: string,
    cwd: string,
    goals: string[],
    commandLine: Record<string, string>,
    environment: Record<string, string>,
  ): void => {
    const db = readMakefile(makefile, { read: opts.read, cwd, commandLine, environment });
    for (const f of db.files) if (f !== file) out.reached.add(f);
    const walked = new Set<string>();
    const chosen = goals.length > 0 ? goals : allGoals(db);
    for (const goal of chosen.slice(0, MAX_GOALS)) {
      if (goals.length === 0 && walked.has(goal)) continue;
      const { runs, visited } = walkGoal(db, goal, cwd);
      for (const v of visited) walked.add(v);
      for (const run of runs) handleRun(run, cwd);
    }
    const usedUnresolved = db.unresolved.filter((u) => u.text.startsWith('include'));
    for (const u of usedUnresolved) report(u.text, u.where);
  };
  const handleRun = (run: RecipeRun, cwd: string): void => {
    for (const action of recipeActions(run.expanded, run.file, cwd)) {
      if (action.kind === 'make') {
        if (++subMakes > MAX_SUB_MAKES) continue;
        const target = action.file
          ? joinRel(action.cwd, action.file)
          : ['GNUmakefile', 'makefile', 'Makefile'].map((n) => joinRel(action.cwd, n)).find(opts.exists);
        if (!target) continue;
        out.reached.add(target);
        const key = `${target}\0${action.goals.join(' ')}\0${JSON.stringify(action.commandLine)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        evaluate(target, action.cwd, action.goals, { ...action.commandLine }, run.exports);
        continue;
      }
      record(action.command, action.cwd, run);
    }
  };
  const record = (cmd: BuildCommand, cwd: string, run: RecipeRun): void => {
    const where: ValueOrigin = { file: run.file, line: run.line };
    const text = displayText(run.expanded);
    for (const word of [cmd.context ?? '', cmd.file ?? '', ...cmd.tags])
      for (const part of word.match(/\u0001[^\u0002]*\u0002/g) ?? []) report(part, where);
    const mention = (): ScriptMention => {
      const m: ScriptMention = { file: run.file, line: run.line, text };
      if (cmd.file !== undefined) m.dockerfile = displayText(cmd.file);
      if (cmd.context !== undefined) m.context = displayText(cmd.context);
      return m;
    };
    if (
      cmd.context === undefined ||
      cmd.context === '-' ||
      isUnresolved(cmd.context) ||
      (cmd.file !== undefined && isUnresolved(cmd.file))
    ) {
      const m = mention();
      if (cmd.tags[0] !== undefined) m.tag = displayText(cmd.tags[0]);
      out.mentions.push(m);
      return;
    }
    // Run-time parts (a git sha) become stable words, so a tag and a build arg that share them still link.
    const tags = cmd.tags.map(settleUnresolved);
    const args = Object.fromEntries(
      Object.entries(cmd.args).map(([name, value]) => {
        for (const part of value.match(/\u0001[^\u0002]*\u0002/g) ?? []) report(part, where);
        return [name, settleUnresolved(value)];
      }),
    );
    const base: Omit<ImageDefinition, 'dockerfile' | 'context'> = {
      origin: { kind: 'script', file: run.file, line: run.line },
      args,
      tags,
      contexts: {},
      platforms: cmd.platforms,
      tagOrigins: Object.fromEntries(tags.map((t) => [t, where])),
      argOrigins: Object.fromEntries(Object.keys(args).map((a) => [a, where])),
    };
    if (cmd.target !== undefined && !isUnresolved(cmd.target)) base.target = cmd.target;
    if (isRemoteContext(cmd.context)) {
      add({ ...base, dockerfile: cmd.file ?? 'Dockerfile', context: cmd.context, remoteContext: true });
      return;
    }
    const context = resolve(cmd.context, cwd);
    const dockerfile = cmd.file === undefined ? joinRel(context, 'Dockerfile') : resolve(cmd.file, cwd);
    if (!opts.exists(dockerfile)) {
      out.mentions.push(mention());
      out.diagnostics.push(
        diagnostic(
          'STRATA_SCRIPT_DOCKERFILE_NOT_FOUND',
          'warning',
          `${run.file}:${run.line} (make ${run.target}, run in ${cwd}) builds ${dockerfile}, which does not exist`,
          { file: run.file, line: run.line, hint: 'fix the path, or declare the image in strata.yaml' },
        ),
      );
      return;
    }
    const def: ImageDefinition = { ...base, dockerfile, context };
    for (const [name, value] of Object.entries(cmd.contexts)) {
      if (isUnresolved(value)) continue;
      def.contexts[name] = /^(?:[a-z-]+:\/\/|target:|service:)/.test(value) ? value : resolve(value, cwd);
    }
    add(def);
  };
  const definitionKeys = new Set<string>();
  const add = (def: ImageDefinition): void => {
    const key = JSON.stringify([
      def.origin.line,
      def.origin.file,
      def.dockerfile,
      def.context,
      def.target,
      def.args,
      def.tags,
    ]);
    if (definitionKeys.has(key)) return;
    definitionKeys.add(key);
    out.definitions.push(def);
  };
  evaluate(file, dirOf(file), [], {}, {});
  out.reached.delete(file);
  return out;
}

/**
 * Evaluates every makefile of a repository, the shallowest first; a makefile that an evaluated one
 * includes or runs with `$(MAKE)` is not evaluated again on its own (its builds were seen with the
 * variables its caller gives it).
 */
export function evaluateMakefiles(files: string[], opts: MakeOptions): Omit<MakeResult, 'reached'> {
  const out: Omit<MakeResult, 'reached'> = { definitions: [], mentions: [], diagnostics: [] };
  const reached = new Set<string>();
  const order = [...files].sort(
    (a, b) =>
      a.split('/').length - b.split('/').length ||
      Number(a.endsWith('.mk')) - Number(b.endsWith('.mk')) ||
      a.localeCompare(b),
  );
  for (const file of order) {
    if (reached.has(file)) continue;
    let result: MakeResult;
    try {
      result = evaluateMakefile(file, opts);
    } catch (e) {
      out.diagnostics.push(
        diagnostic(
          'STRATA_MAKE_UNREADABLE',
          'warning',
          `${file} could not be evaluated: ${(e as Error).message}`,
          {
            file,
            hint: 'declare its images in strata.yaml images:',
          },
        ),
      );
      continue;
    }
    for (const r of result.reached) reached.add(r);
    out.definitions.push(...result.definitions);
    out.mentions.push(...result.mentions);
    out.diagnostics.push(...result.diagnostics);
  }
  return out;
}

/** The default goal first, then every other explicit target in the order the makefiles state them. */
function allGoals(db: MakeDatabase): string[] {
  const goals: string[] = [];
  if (db.defaultGoal) goals.push(db.defaultGoal);
  for (const r of db.rules) {
    if (r.target.includes('%') || /^\.[A-Z_]+$/.test(r.target) || goals.includes(r.target)) continue;
    goals.push(r.target);
  }
  return goals;
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '' ? '.' : d;
}

function resolve(p: string, cwd: string): string {
  if (p.startsWith(ANCHOR)) return anchoredToRel(p) ?? '.';
  if (p.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return p;
  return joinRel(cwd, p);
}
