import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type {
  BaseRef,
  Instruction,
  ParsedDockerfile,
  ResolvedDockerfile,
  ResolvedStage,
  ResolveOptions,
  Stage,
} from '../model/dockerfile.js';
import { DF } from './codes.js';
import { expand } from './expand.js';
import { familiarName, parseImageRef } from './imageRef.js';
import { parseArgPairs, parseNameValuePairs } from './keyValue.js';
import { platformArgs } from './platformArgs.js';
import { mounts } from './views.js';

type Scope = Record<string, string | undefined>;
type RefKind = 'from' | 'copy' | 'mount';

/**
 * Resolves what every stage builds on: FROM with global ARG defaults overridden by build args
 * (and BuildKit's automatic platform ARGs), `FROM <stage>`, `scratch`, named contexts (which win
 * over images of the same name, and replace a stage of that name), `COPY/ADD --from` and
 * `RUN --mount=from=`. Marks the stages the target needs. `diagnostics` holds only the problems
 * found here (the parse ones stay on `parsed.diagnostics`).
 */
export function resolveDockerfile(parsed: ParsedDockerfile, opts: ResolveOptions = {}): ResolvedDockerfile {
  const resolver = new Resolver(parsed, opts);
  return resolver.run();
}

class Resolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly buildArgs: Record<string, string>;
  private readonly platform: Record<string, string>;
  private readonly globals: Scope = {};
  private readonly contexts: Map<string, string>;
  private readonly stageNames = new Map<string, number>();

  constructor(
    private readonly parsed: ParsedDockerfile,
    private readonly opts: ResolveOptions,
  ) {
    this.buildArgs = opts.buildArgs ?? {};
    this.platform = platformArgs(opts.platform);
    this.contexts = contextKeys(opts.namedContexts ?? []);
    for (const stage of parsed.stages) {
      if (stage.name !== undefined && !this.stageNames.has(stage.name))
        this.stageNames.set(stage.name, stage.index);
    }
  }

  run(): ResolvedDockerfile {
    const globalArgValues = this.resolveGlobals();
    const stages = this.parsed.stages.map((stage) => this.resolveStage(stage));
    const targetStage = this.findTarget();
    markNeeded(stages, targetStage);
    this.checkCycles(stages);
    return { parsed: this.parsed, stages, targetStage, globalArgValues, diagnostics: this.diagnostics };
  }

  private resolveGlobals(): Record<string, string> {
    const values: Record<string, string> = {};
    for (const ins of this.parsed.instructions) {
      if (ins.stage !== -1 || ins.keyword !== 'ARG') continue;
      for (const pair of parseArgPairs(ins.args, this.parsed.escape).pairs) {
        const value = Object.hasOwn(this.buildArgs, pair.name)
          ? this.buildArgs[pair.name]
          : pair.rawValue !== undefined
            ? expand(pair.rawValue, this.fromLookup, { escape: this.parsed.escape }).value
            : undefined;
        this.globals[pair.name] = value;
        if (value !== undefined) values[pair.name] = value;
      }
    }
    return values;
  }

  /** Global ARGs (as far as declared), then the automatic platform ARGs: what FROM and global ARGs see. */
  private fromLookup = (name: string): string | undefined =>
    Object.hasOwn(this.globals, name) ? this.globals[name] : this.platform[name];

  private resolveStage(stage: Stage): ResolvedStage {
    const line = stage.fromInstruction.range.line;
    const { value: fromResolved, unresolved } = expand(stage.from, this.fromLookup, {
      escape: this.parsed.escape,
    });
    let base: BaseRef;
    if (stage.name !== undefined && this.contexts.has(stage.name)) {
      base = { kind: 'context', name: this.contexts.get(stage.name)! };
    } else if (stage.from === '') {
      base = { kind: 'unresolved', text: '', reason: 'FROM has no image' };
    } else if (unresolved.length > 0) {
      base = this.unresolvedArgs(stage.from, unresolved, line);
    } else {
      base = this.resolveName(fromResolved, stage.index, 'from', line, stage.from.includes('$'));
    }
    const resolved: ResolvedStage = {
      index: stage.index,
      base,
      fromResolved,
      copyFrom: [],
      mountFrom: [],
      needed: false,
    };
    if (stage.name !== undefined) resolved.name = stage.name;
    if (stage.name !== undefined && this.contexts.has(stage.name)) resolved.replacedByContext = true;
    if (stage.platform !== undefined) {
      resolved.platform = expand(stage.platform, this.fromLookup, { escape: this.parsed.escape }).value;
    }
    this.resolveSources(stage, resolved);
    return resolved;
  }

  /** COPY/ADD --from and RUN --mount from=, expanded with the stage's ARG and ENV values. */
  private resolveSources(stage: Stage, resolved: ResolvedStage): void {
    const scope: Scope = {};
    const escapeChar = this.parsed.escape;
    const lookup = (name: string) => scope[name];
    const value = (text: string, ins: Instruction): BaseRef => {
      const { value: name, unresolved } = expand(text, lookup, { escape: escapeChar });
      if (unresolved.length > 0) return this.unresolvedArgs(text, unresolved, ins.range.line);
      const kind = ins.keyword === 'RUN' ? 'mount' : 'copy';
      return this.resolveName(name, stage.index, kind, ins.range.line, text.includes('$'));
    };
    for (const ins of stage.instructions) {
      switch (ins.keyword) {
        case 'ARG':
          for (const pair of parseArgPairs(ins.args, escapeChar).pairs) {
            scope[pair.name] = Object.hasOwn(this.buildArgs, pair.name)
              ? this.buildArgs[pair.name]
              : pair.rawValue !== undefined
                ? expand(pair.rawValue, lookup, { escape: escapeChar }).value
                : this.fromLookup(pair.name);
          }
          break;
        case 'ENV':
          for (const pair of parseNameValuePairs(ins.args, escapeChar, 'ENV').pairs) {
            scope[pair.name] = expand(pair.rawValue ?? '', lookup, { escape: escapeChar }).value;
          }
          break;
        case 'COPY':
        case 'ADD':
          for (const flag of ins.flags) {
            if (flag.name === 'from' && typeof flag.value === 'string') {
              resolved.copyFrom.push({ instruction: ins, source: value(flag.value, ins) });
            }
          }
          break;
        case 'RUN':
          for (const mount of mounts(ins)) {
            if (mount.from !== undefined) {
              resolved.mountFrom.push({ instruction: ins, mount, source: value(mount.from, ins) });
            }
          }
          break;
      }
    }
  }

  /** `expanded`: the name came from ARG values (an empty one can leave an invalid reference). */
  private resolveName(name: string, current: number, kind: RefKind, line: number, expanded = false): BaseRef {
    const lower = name.toLowerCase();
    const stageIndex = this.stageNames.get(lower);
    const stageVisible = stageIndex !== undefined && (kind === 'from' ? stageIndex < current : true);
    if (stageVisible && stageIndex === current && kind !== 'from') {
      return this.selfReference(name, line);
    }
    if (stageVisible) return { kind: 'stage', stage: stageIndex };
    if (kind !== 'from' && /^\d+$/.test(name)) {
      const index = Number(name);
      if (index === current) return this.selfReference(name, line);
      if (index < this.parsed.stages.length) return { kind: 'stage', stage: index };
      this.report(DF.unknownStageRef, 'error', `there is no stage ${index} (stages count from 0)`, line);
      return { kind: 'unresolved', text: name, reason: `no stage ${index}` };
    }
    const context = this.contextFor(name);
    if (context !== undefined) return { kind: 'context', name: context };
    if (name === 'scratch') return { kind: 'scratch' };
    const ref = parseImageRef(name);
    if (ref) return { kind: 'image', ref };
    // Built from ARG values, the name is only as good as the values given. A value the build is given
    // when it runs (`${REGISTRY}` kept from a compose file) is no fault; an empty part (`/name`,
    // `reg//x`, `name:`) or a placeholder default (`<parent>`) means a definition left a variable
    // empty or passed none: the Dockerfile is not wrong.
    const runtime = expanded && name.includes('${');
    const empty = expanded && /^[/:@]|\/\/|\/[:@]|[/:]$|[<>]/.test(name);
    if (runtime) {
      this.report(
        DF.invalidImageRef,
        'info',
        `the ARG values give "${name}": it holds variables given when the build runs`,
        line,
        'pin them for the scan with --set VAR=value',
      );
    } else {
      this.report(
        DF.invalidImageRef,
        empty ? 'warning' : 'error',
        empty
          ? `the ARG values give "${name}", which is not a valid image reference (an empty variable, or a placeholder no build definition replaces)`
          : `"${name}" is not a valid image reference`,
        line,
        empty
          ? 'give the variables it is made of a value (--set VAR=value, or a default)'
          : 'image names are lower-case: registry/name:tag',
      );
    }
    return { kind: 'unresolved', text: name, reason: 'not a valid image reference' };
  }

  private contextFor(name: string): string | undefined {
    const exact = this.contexts.get(name);
    if (exact !== undefined) return exact;
    const key = familiarKey(name);
    return key === undefined ? undefined : this.contexts.get(key);
  }

  private selfReference(name: string, line: number): BaseRef {
    this.report(DF.selfReference, 'error', `"${name}" refers to the stage it is used in`, line);
    return { kind: 'unresolved', text: name, reason: 'refers to its own stage' };
  }

  private unresolvedArgs(text: string, names: string[], line: number): BaseRef {
    const list = names.join(', ');
    this.report(
      DF.unresolvedArg,
      'warning',
      `${text} uses ${names.length === 1 ? 'ARG' : 'ARGs'} ${list} with no value`,
      line,
      `give ${names.length === 1 ? 'it' : 'them'} a default (ARG ${names[0]}=...) or pass --build-arg ${names[0]}=...`,
    );
    return { kind: 'unresolved', text, reason: `no value for ${list}` };
  }

  private findTarget(): number {
    const last = this.parsed.stages.length - 1;
    const target = this.opts.target;
    if (target === undefined || target === '') return last;
    const index = this.stageNames.get(target.toLowerCase());
    if (index !== undefined) return index;
    const names = [...this.stageNames.keys()];
    this.report(
      DF.unknownTarget,
      'error',
      `target stage "${target}" is not in this Dockerfile`,
      undefined,
      names.length ? `stages: ${names.join(', ')}` : 'this Dockerfile has no named stage',
    );
    return last;
  }

  private checkCycles(stages: ResolvedStage[]): void {
    const state = new Array<number>(stages.length).fill(0);
    const path: number[] = [];
    const visit = (i: number): boolean => {
      if (state[i] === 2) return false;
      if (state[i] === 1) {
        const cycle = path.slice(path.indexOf(i)).concat(i);
        const label = (n: number) => stages[n]?.name ?? String(n);
        this.report(
          DF.stageCycle,
          'error',
          `stages depend on each other in a cycle: ${cycle.map(label).join(' -> ')}`,
          this.parsed.stages[i]?.fromInstruction.range.line,
        );
        return true;
      }
      state[i] = 1;
      path.push(i);
      for (const next of stageEdges(stages[i]!)) if (visit(next)) return true;
      path.pop();
      state[i] = 2;
      return false;
    };
    for (let i = 0; i < stages.length; i++) if (visit(i)) return;
  }

  private report(
    code: string,
    severity: 'error' | 'warning' | 'info',
    message: string,
    line?: number,
    hint?: string,
  ): void {
    const where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = { file: this.parsed.file };
    if (line !== undefined) where.line = line;
    if (hint !== undefined) where.hint = hint;
    this.diagnostics.push(diagnostic(code, severity, message, where));
  }
}

/**
 * Stages a stage depends on: its base, COPY --from and mount sources. A stage replaced by a named context
 * of its name has none; a stage whose FROM names a context still runs its instructions, and needs what
 * they read.
 */
export function stageEdges(stage: ResolvedStage): number[] {
  if (stage.replacedByContext) return [];
  const out: number[] = [];
  if (stage.base.kind === 'stage') out.push(stage.base.stage);
  for (const c of stage.copyFrom) if (c.source.kind === 'stage') out.push(c.source.stage);
  for (const m of stage.mountFrom) if (m.source.kind === 'stage') out.push(m.source.stage);
  return out;
}

function markNeeded(stages: ResolvedStage[], target: number): void {
  const stack = target >= 0 ? [target] : [];
  while (stack.length > 0) {
    const stage = stages[stack.pop()!];
    if (!stage || stage.needed) continue;
    stage.needed = true;
    stack.push(...stageEdges(stage));
  }
}

/** Named contexts keyed by the name as given and by its familiar image name (`docker.io/library/x` -> `x`). */
function contextKeys(names: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of names) {
    map.set(name, name);
    map.set(name.toLowerCase(), name);
    const key = familiarKey(name);
    if (key !== undefined) map.set(key, name);
  }
  return map;
}

/** `docker.io/library/x:latest` -> `x`, `ghcr.io/a/b:1` -> `ghcr.io/a/b:1`; undefined for a digest or a non-image. */
function familiarKey(name: string): string | undefined {
  const ref = parseImageRef(name);
  if (!ref || ref.digest !== undefined) return undefined;
  const familiar = familiarName(ref);
  return ref.tag === undefined || ref.tag === 'latest' ? familiar : `${familiar}:${ref.tag}`;
}
