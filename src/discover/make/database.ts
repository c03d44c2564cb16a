import path from 'node:path';
import { isUnresolved } from '../script-text.js';
import { closing, type ExpandContext, expandMake, type MakeVariable, words } from './expand.js';

/**
 * Reads makefiles the way GNU make's first phase does (manual section 3.7): assignments of every flavour
 * (`=`, `:=`, `::=`, `:::=`, `?=`, `+=`, `!=`), `override`, `export`, `define ... endef`, conditionals
 * (`ifeq`, `ifneq`, `ifdef`, `ifndef`, `else`), `include`/`-include`/`sinclude`, `$(eval ...)`, rules
 * (explicit, pattern, static pattern, double-colon) with their recipes, and target- and pattern-specific
 * variables. The result is the database the second phase (goals.ts) walks.
 */

/** Where a statement is: a makefile relative to the root, and a 1-based line. */
export interface MakeLocation {
  file: string;
  line: number;
}

export interface RecipeLine extends MakeLocation {
  text: string;
}

export interface Rule {
  /** Target or pattern (`build/%`). */
  target: string;
  prerequisites: string[];
  recipe: RecipeLine[];
  location: MakeLocation;
  /** Static pattern rule: the pattern its target was matched with. */
  staticPattern?: string;
}

/** A target- or pattern-specific assignment (`build/%: PYTHON_VERSION ?= 3.13`). */
export interface TargetAssignment {
  target: string;
  name: string;
  op: AssignOp;
  value: string;
  override: boolean;
}

type AssignOp = '=' | ':=' | '?=' | '+=' | '!=';

export interface MakeDatabase {
  variables: Map<string, MakeVariable>;
  /** Variables marked `export` (or all, after a bare `export`). */
  exported: Set<string>;
  exportAll: boolean;
  rules: Rule[];
  targetVars: TargetAssignment[];
  /** First target that is not special and not a pattern: what plain `make` builds. */
  defaultGoal?: string;
  /** Makefiles read, in order (MAKEFILE_LIST). */
  files: string[];
  /** Reads a root-relative file (`$(shell cat FILE)` in recipes). */
  readFile?: (rel: string) => string | undefined;
  /** Constructs read that a scan does not evaluate (`$(shell ...)`, a missing include), with where. */
  unresolved: { text: string; where: MakeLocation }[];
}

export interface ReadOptions {
  /** Text of a root-relative file, or undefined when it does not exist. */
  read: (rel: string) => string | undefined;
  /** The folder make runs in (relative to the root). */
  cwd: string;
  /** `make VAR=value`: override assignments in the makefiles (unless `override`). */
  commandLine?: Record<string, string>;
  /** Variables exported by a parent make. */
  environment?: Record<string, string>;
}

/** Logical makefile lines: continuations joined (a recipe keeps its own), with the first line's number. */
interface Line {
  line: number;
  text: string;
  recipe: boolean;
}

function logicalLines(text: string): Line[] {
  const raw = text.split(/\r?\n/);
  const out: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let line = raw[i]!;
    const recipe = line.startsWith('\t');
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < raw.length) {
      const next = raw[++i]!;
      line = recipe
        ? `${line.slice(0, -1)} ${next.replace(/^\t/, '')}`
        : `${line.slice(0, -1).trimEnd()} ${next.trim()}`;
    }
    out.push({ line: start + 1, text: line, recipe });
  }
  return out;
}

function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '#') return text.slice(0, i);
  }
  return text;
}

const ASSIGN =
  /^(?<mods>(?:(?:override|export|private|unexport)\s+)*)(?<name>[^\s:=#?+!]+?)\s*(?<op>::?=|:::=|\?=|\+=|!=|=)\s?(?<value>[\s\S]*)$/;

/** Index of the first `:` outside `$(...)` that is not part of `:=`, or -1. */
function ruleColon(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = closing(text, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (ch === '=') return -1;
    else if (ch === ':') return text[i + 1] === '=' || (text[i + 1] === ':' && text[i + 2] === '=') ? -1 : i;
  }
  return -1;
}

const SPECIAL_TARGET = /^\.[A-Z_]+$/;

/** Reads one makefile (and what it includes) into a database. */
export function readMakefile(file: string, opts: ReadOptions): MakeDatabase {
  const db: MakeDatabase = {
    variables: new Map(),
    exported: new Set(),
    exportAll: false,
    rules: [],
    targetVars: [],
    files: [],
    unresolved: [],
    readFile: opts.read,
  };
  for (const [name, value] of Object.entries(opts.environment ?? {}))
    db.variables.set(name, { flavor: 'simple', value, origin: 'environment' });
  for (const [name, value] of Object.entries(opts.commandLine ?? {}))
    db.variables.set(name, { flavor: 'simple', value, origin: 'command line' });
  new Reader(db, opts).readFile(file, 0);
  return db;
}

/** Conditional nesting: whether lines are read, and whether a branch was already taken. */
interface Conditional {
  active: boolean;
  taken: boolean;
  parentActive: boolean;
}

class Reader {
  private where: MakeLocation = { file: '', line: 0 };

  constructor(
    private readonly db: MakeDatabase,
    private readonly opts: ReadOptions,
  ) {}

  context(extra: Record<string, string> = {}): ExpandContext {
    const { db } = this;
    const bound = new Map(Object.entries(extra));
    const ctx: ExpandContext = {
      cwd: this.opts.cwd,
      lookup: (name) => {
        const b = bound.get(name);
        if (b !== undefined) return { flavor: 'simple', value: b, origin: 'automatic' };
        if (name === 'MAKEFILE_LIST')
          return { flavor: 'simple', value: db.files.map((f) => `\u0003/${f}`).join(' '), origin: 'file' };
        return db.variables.get(name);
      },
      with: (bindings) => this.context({ ...Object.fromEntries(bound), ...bindings }),
      evaluate: (text) => this.readText(text, this.where.file, this.where.line, 1),
      readFile: this.opts.read,
      onUnresolved: (text) => this.db.unresolved.push({ text, where: { ...this.where } }),
    };
    return ctx;
  }

  expand(text: string): string {
    return expandMake(text, this.context());
  }

  readFile(file: string, depth: number): boolean {
    const text = this.opts.read(file);
    if (text === undefined) return false;
    this.db.files.push(file);
    this.readText(text, file, 1, depth);
    return true;
  }

  readText(text: string, file: string, firstLine: number, depth: number): void {
    if (depth > 10) return;
    const lines = logicalLines(text);
    const stack: Conditional[] = [];
    let rules: Rule[] = [];
    let define:
      | { name: string; op: AssignOp; override: boolean; export: boolean; body: string[]; depth: number }
      | undefined;
    for (const l of lines) {
      const lineNo = firstLine + l.line - 1;
      this.where = { file, line: lineNo };
      if (define) {
        const t = l.text.trim();
        if (/^endef\b/.test(t)) {
          if (define.depth === 0) {
            if (active(stack))
              this.assign(define.name, define.op, define.body.join('\n'), define.override, define.export);
            define = undefined;
            continue;
          }
          define.depth--;
        } else if (/^define\s/.test(t)) define.depth++;
        define.body.push(l.text);
        continue;
      }
      // A recipe line belongs to the rules just read.
      if (l.recipe && rules.length > 0) {
        if (!active(stack)) continue;
        const recipeText = l.text.slice(1);
        if (recipeText.trim() === '' || /^\s*#/.test(recipeText)) continue;
        for (const r of rules) r.recipe.push({ file, line: lineNo, text: recipeText });
        continue;
      }
      const t = stripComment(l.text).trim();
      if (t === '') continue;
      const cond = /^(ifeq|ifneq|ifdef|ifndef|else|endif)\b\s*(.*)$/.exec(t);
      if (cond) {
        this.conditional(stack, cond[1]!, cond[2]!);
        continue;
      }
      if (!active(stack)) {
        if (/^define\s/.test(t))
          define = { name: '', op: '=', override: false, export: false, body: [], depth: 0 };
        continue;
      }
      const def = /^((?:(?:override|export|private)\s+)*)define\s+(\S+)\s*(::?=|:::=|\?=|\+=|!=|=)?\s*$/.exec(
        t,
      );
      if (def) {
        define = {
          name: this.expand(def[2]!),
          op: normalOp(def[3] ?? '='),
          override: /override/.test(def[1]!),
          export: /export/.test(def[1]!),
          body: [],
          depth: 0,
        };
        continue;
      }
      const inc = /^(-?include|sinclude)\s+(.+)$/.exec(t);
      if (inc) {
        rules = [];
        for (const name of words(this.expand(inc[2]!))) {
          if (isUnresolved(name)) {
            this.db.unresolved.push({ text: `include ${name}`, where: { file, line: lineNo } });
            continue;
          }
          const rel = includePath(name, this.opts.cwd);
          if (rel === undefined || !this.readFile(rel, depth + 1)) {
            if (inc[1] === 'include')
              this.db.unresolved.push({ text: `include ${name}`, where: { file, line: lineNo } });
          }
          this.where = { file, line: lineNo };
        }
        continue;
      }
      if (/^(?:unexport|undefine|vpath)\b/.test(t)) {
        const und = /^undefine\s+(\S+)/.exec(t);
        if (und) this.db.variables.delete(this.expand(und[1]!));
        continue;
      }
      const exp = /^export(?:\s+([^=:]*))?$/.exec(t);
      if (exp) {
        if (!exp[1]?.trim()) this.db.exportAll = true;
        else for (const n of words(this.expand(exp[1]))) this.db.exported.add(n);
        continue;
      }
      const colon = ruleColon(t);
      if (colon < 0) {
        const m = ASSIGN.exec(t);
        if (m?.groups) {
          rules = [];
          const mods = m.groups.mods!;
          this.assign(
            this.expand(m.groups.name!),
            normalOp(m.groups.op!),
            m.groups.value!,
            /override/.test(mods),
            /export/.test(mods),
          );
        } else if (t.startsWith('$(') || t.startsWith('${')) {
          // A bare `$(eval ...)` / `$(foreach ...)` line: expand it for its side effects.
          const rest = this.expand(t).trim();
          if (rest !== '' && !isUnresolved(rest)) this.readText(rest, file, lineNo, depth + 1);
          rules = [];
        }
        continue;
      }
      rules = this.rule(t, colon, file, lineNo, depth);
    }
  }

  private conditional(stack: Conditional[], kind: string, rest: string): void {
    const parentActive = active(stack);
    if (kind === 'endif') {
      stack.pop();
      return;
    }
    if (kind === 'else') {
      const top = stack.at(-1);
      if (!top) return;
      const nested = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(rest.trim());
      if (top.taken) {
        top.active = false;
        return;
      }
      const value = nested ? this.test(nested[1]!, nested[2]!) : true;
      top.active = top.parentActive && value;
      top.taken = value;
      return;
    }
    const value = parentActive ? this.test(kind, rest) : false;
    stack.push({ active: parentActive && value, taken: value, parentActive });
  }

  private test(kind: string, rest: string): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = this.expand(rest.trim());
      const v = this.db.variables.get(name);
      const defined = v !== undefined && v.value !== '';
      return kind === 'ifdef' ? defined : !defined;
    }
    const [a, b] = conditionalOperands(rest);
    const x = this.expand(a).trim();
    const y = this.expand(b).trim();
    if (isUnresolved(x) || isUnresolved(y)) {
      this.db.unresolved.push({ text: `${kind} ${rest}`, where: { ...this.where } });
    }
    return kind === 'ifeq' ? x === y : x !== y;
  }

  private assign(name: string, op: AssignOp, raw: string, override: boolean, exported: boolean): void {
    const { db } = this;
    if (exported) db.exported.add(name);
    const old = db.variables.get(name);
    if (old?.origin === 'command line' && !override) return;
    const origin = override ? 'override' : 'file';
    switch (op) {
      case '?=':
        if (old === undefined) db.variables.set(name, { flavor: 'recursive', value: raw, origin });
        return;
      case ':=':
        db.variables.set(name, { flavor: 'simple', value: this.expand(raw), origin });
        return;
      case '!=':
        db.unresolved.push({ text: `${name} != ${raw}`, where: { ...this.where } });
        db.variables.set(name, { flavor: 'simple', value: `\u0001$(shell ${raw})\u0002`, origin });
        return;
      case '+=': {
        if (!old || old.origin === 'environment') {
          db.variables.set(name, { flavor: 'recursive', value: raw, origin });
          return;
        }
        const add = old.flavor === 'simple' ? this.expand(raw) : raw;
        db.variables.set(name, {
          flavor: old.flavor,
          value: old.value === '' ? add : `${old.value} ${add}`,
          origin,
        });
        return;
      }
      default:
        db.variables.set(name, { flavor: 'recursive', value: raw, origin });
    }
  }

  private rule(t: string, colon: number, file: string, line: number, depth: number): Rule[] {
    const targets = words(this.expand(t.slice(0, colon)));
    let rest = t.slice(colon + 1);
    if (rest.startsWith(':')) rest = rest.slice(1);
    // Target-specific variable: `target: VAR = value`.
    const assign = ASSIGN.exec(rest.trim());
    if (assign?.groups && ruleColon(rest) < 0) {
      const name = this.expand(assign.groups.name!);
      for (const target of targets) {
        this.db.targetVars.push({
          target,
          name,
          op: normalOp(assign.groups.op!),
          value: assign.groups.value!,
          override: /override/.test(assign.groups.mods!),
        });
      }
      return [];
    }
    let inline: string | undefined;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      inline = rest.slice(semi + 1);
      rest = rest.slice(0, semi);
    }
    let staticPattern: string | undefined;
    const second = ruleColon(rest);
    if (second >= 0) {
      staticPattern = this.expand(rest.slice(0, second)).trim();
      rest = rest.slice(second + 1);
    }
    const prerequisites = words(this.expand(rest.replace('|', ' ')));
    const made: Rule[] = targets.map((target) => {
      const r: Rule = { target, prerequisites, recipe: [], location: { file, line } };
      if (staticPattern) r.staticPattern = staticPattern;
      if (inline !== undefined && inline.trim() !== '') r.recipe.push({ file, line, text: inline });
      return r;
    });
    this.db.rules.push(...made);
    if (this.db.defaultGoal === undefined && depth >= 0) {
      const goal = targets.find((x) => !SPECIAL_TARGET.test(x) && !x.includes('%'));
      if (goal) this.db.defaultGoal = goal;
    }
    return made;
  }
}

function active(stack: Conditional[]): boolean {
  return stack.every((c) => c.active);
}

function normalOp(op: string): AssignOp {
  if (op === '::=' || op === ':::=') return ':=';
  return op as AssignOp;
}

/** `(a,b)`, `"a" "b"`, `'a' 'b'`. */
function conditionalOperands(rest: string): [string, string] {
  const r = rest.trim();
  if (r.startsWith('(')) {
    const end = closing(r, 0);
    const inner = r.slice(1, end < 0 ? r.length : end);
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
      const ch = inner[i];
      if (ch === '(' || ch === '{') depth++;
      else if (ch === ')' || ch === '}') depth--;
      else if (ch === ',' && depth === 0) return [inner.slice(0, i), inner.slice(i + 1)];
    }
    return [inner, ''];
  }
  const m = /^(["'])(.*?)\1\s+(["'])(.*?)\3/.exec(r);
  return m ? [m[2]!, m[4]!] : [r, ''];
}

/** An include's path relative to the root; undefined for an absolute path outside it. */
function includePath(name: string, cwd: string): string | undefined {
  if (name.startsWith('\u0003')) return path.posix.normalize(name.slice(1)).replace(/^\/+/, '') || '.';
  if (name.startsWith('/')) return undefined;
  const rel = path.posix.normalize(path.posix.join(cwd, name));
  return rel.startsWith('..') ? undefined : rel;
}
