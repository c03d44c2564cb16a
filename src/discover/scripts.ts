import path from 'node:path';
import type { ImageDefinition, ScriptMention } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { joinRel } from '../util/paths.js';
import { dirOf, isRemoteContext } from './local-path.js';
import { evaluateMakefile } from './make/index.js';
import { type ScriptDialect, scriptDialect } from './names.js';
import { type BuildCommand, buildArgv, parseBuildCommand } from './script-build-command.js';
import { anchoredToRel, expand, type ScriptScope, setVar } from './script-expand.js';
import {
  ANCHOR,
  displayText,
  isUnresolved,
  type LogicalLine,
  logicalLines,
  settleUnresolved,
  splitCommands,
  splitWords,
  unresolved,
} from './script-text.js';

export interface ScriptParseOptions {
  /** Whether a root-relative path exists; used to pick the folder a script's paths are relative to. */
  exists?: (rel: string) => boolean;
  /** Variables the script starts with (a CI step's `env:`). */
  vars?: Record<string, string>;
  /** The folder the script runs in, relative to the root, when the caller knows it (a CI step). */
  cwd?: string;
  /**
   * Keep a build whose tags or build args hold run-time values, writing each unknown part as a stable
   * word (`settleUnresolved`), instead of turning it into a mention. For CI steps, where such values
   * (a commit sha, a run number) are the rule.
   */
  settle?: boolean;
}

export interface ScriptResult {
  definitions: ImageDefinition[];
  mentions: ScriptMention[];
  diagnostics: Diagnostic[];
}

/** One statement of a script: a command, an assignment or a loop keyword, with its line. */
interface Statement {
  line: number;
  text: string;
  /** The whole logical line, for mentions. */
  source: string;
}

/** Loops expanded per file at most this many times in total (a guard against huge generated lists). */
const MAX_ITERATIONS = 1000;

/**
 * Finds the image builds in a shell script, Makefile, batch or PowerShell file: `docker build`,
 * `docker buildx build`, `podman build`, `buildah bud` lines, with variables set earlier in the same
 * file and literal `for` loops expanded. A line strata cannot fully resolve becomes a mention.
 * `file` is relative to the root. Pure, apart from `opts.exists`.
 */
export function parseBuildScript(text: string, file: string, opts: ScriptParseOptions = {}): ScriptResult {
  const dialect = scriptDialect(file);
  if (dialect === 'make') {
    // A makefile on its own: evaluated by make's rules, with nothing else of the repository to include.
    const { definitions, mentions, diagnostics } = evaluateMakefile(file, {
      read: (rel) => (rel === file ? text : undefined),
      exists: opts.exists ?? (() => true),
    });
    return { definitions, mentions, diagnostics };
  }
  const scriptDir = dirOf(file);
  const scope: ScriptScope = {
    dialect,
    file,
    vars: new Map(Object.entries(opts.vars ?? {})),
    arrays: new Map(),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  };
  const out: ScriptResult = { definitions: [], mentions: [], diagnostics: [] };
  const lines = logicalLines(text, dialect);
  const statements = toStatements(lines, dialect);
  const state: RunState = {
    iterations: 0,
    out,
    exists: opts.exists ?? (() => true),
    scriptDir,
    settle: opts.settle ?? false,
  };
  run(statements, 0, statements.length, scope, state);
  return out;
}

interface RunState {
  iterations: number;
  out: ScriptResult;
  exists: (rel: string) => boolean;
  scriptDir: string;
  settle: boolean;
}

function toStatements(lines: LogicalLine[], dialect: ScriptDialect): Statement[] {
  const out: Statement[] = [];
  for (const l of lines) {
    for (const part of splitCommands(l.text, dialect)) {
      out.push(
        ...splitKeywords(part, dialect).map((text) => ({ line: l.line, text, source: l.text.trim() })),
      );
    }
  }
  return out;
}

/** `do docker build ...` -> [`do`, `docker build ...`]; `{`/`}` of PowerShell blocks on their own. */
function splitKeywords(text: string, dialect: ScriptDialect): string[] {
  if (dialect === 'ps1') {
    const parts: string[] = [];
    let rest = text;
    const open = /^(foreach\s*\([^)]*\)\s*)\{\s*(.*)$/i.exec(rest);
    if (open) {
      parts.push(`${open[1]!.trim()} {`);
      rest = open[2]!;
    }
    const close = /^(.*?)\s*\}\s*$/.exec(rest);
    if (close && !rest.includes('{')) {
      if (close[1]!.trim() !== '') parts.push(close[1]!.trim());
      parts.push('}');
    } else if (rest.trim() !== '') parts.push(rest.trim());
    return parts;
  }
  const m = /^(do|then|else|\{|\()\s+(.+)$/.exec(text);
  if (m) return [m[1]!, ...splitKeywords(m[2]!, dialect)];
  return [text];
}

function run(stmts: Statement[], from: number, to: number, scope: ScriptScope, state: RunState): void {
  for (let i = from; i < to; i++) {
    const stmt = stmts[i]!;
    const loop = loopHeader(stmt.text, scope.dialect);
    if (loop) {
      const { bodyStart, bodyEnd, after } = loopBody(stmts, i, loop.inlineBody !== undefined, scope.dialect);
      const values = loopValues(loop.words, scope);
      for (const value of values) {
        if (state.iterations++ > MAX_ITERATIONS) return;
        const inner: ScriptScope = { ...scope, vars: new Map(scope.vars), arrays: scope.arrays };
        setVar(inner, loop.variable, value);
        if (loop.inlineBody !== undefined) {
          runText({ ...stmt, text: loop.inlineBody }, inner, state);
        } else {
          run(stmts, bodyStart, bodyEnd, inner, state);
        }
      }
      i = after - 1;
      continue;
    }
    runText(stmt, scope, state);
  }
}

interface LoopHeader {
  variable: string;
  /** The loop's word list, unexpanded. */
  words: string;
  /** Batch `for %%x in (...) do cmd`: the body on the same line. */
  inlineBody?: string;
}

function loopHeader(text: string, dialect: ScriptDialect): LoopHeader | undefined {
  if (dialect === 'bat') {
    const m = /^for\s+%%?(\w)\s+in\s+\(([^)]*)\)\s+do\s+(.*)$/i.exec(text);
    if (!m) return undefined;
    const body = m[3]!.trim();
    return { variable: `%%${m[1]!}`, words: m[2]!, ...(body === '(' ? {} : { inlineBody: body }) };
  }
  if (dialect === 'ps1') {
    const m = /^foreach\s*\(\s*\$(\w+)\s+in\s+(.+?)\)\s*\{$/i.exec(text);
    if (!m) return undefined;
    return { variable: m[1]!, words: m[2]!.replace(/^@\(|\)$/g, '').replace(/,/g, ' ') };
  }
  const m = /^for\s+([A-Za-z_]\w*)\s+in\s+(.*)$/.exec(text);
  return m ? { variable: m[1]!, words: m[2]! } : undefined;
}

/** Where a loop's body starts and ends (exclusive) and the statement after its closing keyword. */
function loopBody(
  stmts: Statement[],
  at: number,
  inline: boolean,
  dialect: ScriptDialect,
): { bodyStart: number; bodyEnd: number; after: number } {
  if (inline) return { bodyStart: at + 1, bodyEnd: at + 1, after: at + 1 };
  let depth = 1;
  let start = at + 1;
  if (dialect === 'sh') {
    if (stmts[start]?.text === 'do') start++;
  }
  for (let j = start; j < stmts.length; j++) {
    const text = stmts[j]!.text;
    if (opensBlock(text, dialect)) depth++;
    else if (closesBlock(text, dialect)) depth--;
    if (depth === 0) return { bodyStart: start, bodyEnd: j, after: j + 1 };
  }
  return { bodyStart: start, bodyEnd: stmts.length, after: stmts.length };
}

function opensBlock(text: string, dialect: ScriptDialect): boolean {
  if (dialect === 'bat') return text.endsWith('(');
  if (dialect === 'ps1') return text.endsWith('{');
  return /^(?:for|while|until|select)\s/.test(text);
}

function closesBlock(text: string, dialect: ScriptDialect): boolean {
  if (dialect === 'bat') return text.startsWith(')');
  if (dialect === 'ps1') return text === '}';
  return /^done(?:\s|$|\))/.test(text);
}

function loopValues(words: string, scope: ScriptScope): string[] {
  const list = splitWords(expand(words, scope), scope.dialect).filter((w) => w !== '');
  if (list.some(isUnresolved) || list.length === 0) return [unresolved(words.trim())];
  return list;
}

/** One statement: an assignment, a `cd`, or a command that may be a build. */
function runText(stmt: Statement, scope: ScriptScope, state: RunState): void {
  const text = stripSubshell(
    stmt.text.replace(/^(?:(?:if|elif|while|until|!)\s+)+/, '').replace(/^[A-Za-z_]\w*\s*\(\)\s*\{?\s*/, ''),
  );
  if (text === '' || /^(?:done|fi|esac|then|do|else|\}|\)|\{|\()$/.test(text)) return;
  if (assign(text, scope)) return;
  const words = splitWords(expand(text, scope), scope.dialect);
  if (words.length === 0) return;
  const first = words[0]!.toLowerCase();
  if (first === 'cd' || first === 'pushd' || first === 'set-location' || first === 'push-location') {
    changeDir(
      words.slice(1).filter((w) => !w.startsWith('-') && !/^\/d$/i.test(w))[0],
      scope,
      state.scriptDir,
    );
    return;
  }
  if (first === 'popd' || first === 'pop-location') {
    delete scope.cwd;
    return;
  }
  const argv = buildArgv(words);
  if (!argv) return;
  const cmd = parseBuildCommand(argv, { keepUnresolvedArgs: state.settle });
  if (state.settle) {
    cmd.tags = cmd.tags.filter((t) => !isWhollyUnresolved(t)).map(settleUnresolved);
    cmd.args = Object.fromEntries(Object.entries(cmd.args).map(([k, v]) => [k, settleUnresolved(v)]));
  }
  recordBuild(cmd, stmt, scope, state);
}

function isWhollyUnresolved(word: string): boolean {
  return /^\u0001[^\u0002]*\u0002$/.test(word);
}

/** `(cd x && docker build .)`: the parentheses of a subshell split across commands. */
function stripSubshell(text: string): string {
  let t = text.replace(/^\(+\s*/, '');
  const opens = (t.match(/\(/g) ?? []).length;
  const closes = (t.match(/\)/g) ?? []).length;
  for (let extra = closes - opens; extra > 0 && t.endsWith(')'); extra--) t = t.slice(0, -1).trimEnd();
  return t;
}

function assign(text: string, scope: ScriptScope): boolean {
  switch (scope.dialect) {
    case 'bat': {
      const m = /^set\s+"?([^=\s"]+)=([^"]*?)"?\s*$/i.exec(text);
      if (!m || /^set\s+\/[ap]/i.test(text)) return false;
      setVar(scope, m[1]!, expand(m[2]!, scope));
      return true;
    }
    case 'ps1': {
      const m = /^\$(?:env:)?(\w+)\s*=\s*(.+)$/i.exec(text);
      if (!m) return false;
      const words = splitWords(expand(m[2]!, scope), 'ps1');
      setVar(scope, m[1]!, words.length === 1 ? words[0]! : unresolved(m[2]!));
      return true;
    }
    default: {
      const body = text.replace(/^(?:export|local|readonly|declare(?:\s+-\w+)*)\s+/, '');
      const arr = /^([A-Za-z_]\w*)=\((.*)\)$/.exec(body);
      if (arr) {
        scope.arrays.set(arr[1]!, splitWords(expand(arr[2]!, scope), 'sh'));
        return true;
      }
      if (!/^[A-Za-z_]\w*=/.test(body)) return false;
      const words = splitWords(expand(body, scope), 'sh');
      if (!words.every((w) => /^[A-Za-z_]\w*=/.test(w))) return false;
      for (const w of words) {
        const eq = w.indexOf('=');
        setVar(scope, w.slice(0, eq), w.slice(eq + 1));
        scope.arrays.delete(w.slice(0, eq));
      }
      return true;
    }
  }
}

function changeDir(target: string | undefined, scope: ScriptScope, scriptDir: string): void {
  if (target === undefined || target === '~') {
    delete scope.cwd;
    return;
  }
  const p = toSlash(target, scope.dialect);
  if (isUnresolved(p)) delete scope.cwd;
  else if (p.startsWith(ANCHOR)) scope.cwd = anchoredToRel(p) ?? scriptDir;
  else if (p.startsWith('/') || p === '-') delete scope.cwd;
  else if (scope.cwd !== undefined) scope.cwd = joinRel(scope.cwd, p);
  else delete scope.cwd;
}

function toSlash(p: string, dialect: ScriptDialect): string {
  return dialect === 'bat' || dialect === 'ps1' ? p.replace(/\\/g, '/') : p;
}

/** Turns a build command into a definition when every path and tag is known, else a mention. */
function recordBuild(cmd: BuildCommand, stmt: Statement, scope: ScriptScope, state: RunState): void {
  const { out } = state;
  const text = displayText(stmt.source);
  const mention = (): void => {
    const m: ScriptMention = { file: scope.file, line: stmt.line, text };
    if (cmd.tags[0] !== undefined) m.tag = displayText(cmd.tags[0]);
    if (cmd.file !== undefined) m.dockerfile = displayText(toSlash(cmd.file, scope.dialect));
    if (cmd.context !== undefined) m.context = displayText(toSlash(cmd.context, scope.dialect));
    out.mentions.push(m);
  };
  const unknown =
    cmd.context === undefined ||
    cmd.context === '-' ||
    cmd.file === '-' ||
    isUnresolved(cmd.context) ||
    (cmd.file !== undefined && isUnresolved(cmd.file)) ||
    cmd.tags.some(isUnresolved);
  if (unknown) {
    mention();
    return;
  }
  if (isRemoteContext(cmd.context!)) {
    out.definitions.push({
      origin: { kind: 'script', file: scope.file, line: stmt.line },
      dockerfile: cmd.file ?? 'Dockerfile',
      context: cmd.context!,
      remoteContext: true,
      args: cmd.args,
      tags: cmd.tags,
      contexts: {},
      platforms: cmd.platforms,
      ...(cmd.target === undefined ? {} : { target: cmd.target }),
    });
    return;
  }
  const located = locate(cmd, scope, state);
  if (!located) {
    mention();
    out.diagnostics.push(
      diagnostic(
        'STRATA_SCRIPT_DOCKERFILE_NOT_FOUND',
        'warning',
        `${scope.file}:${stmt.line} builds ${cmd.file ?? `${cmd.context}/Dockerfile`}, which exists neither from the repository root nor from the script's folder`,
        { file: scope.file, line: stmt.line, hint: 'fix the path, or declare the image in strata.yaml' },
      ),
    );
    return;
  }
  const def: ImageDefinition = {
    origin: { kind: 'script', file: scope.file, line: stmt.line },
    dockerfile: located.dockerfile,
    context: located.context,
    args: cmd.args,
    tags: cmd.tags,
    contexts: {},
    platforms: cmd.platforms,
  };
  if (cmd.target !== undefined && !isUnresolved(cmd.target)) def.target = cmd.target;
  for (const [name, value] of Object.entries(cmd.contexts)) {
    if (isUnresolved(value)) continue;
    def.contexts[name] = /^(?:[a-z-]+:\/\/|target:|service:)/.test(value)
      ? value
      : resolvePath(toSlash(value, scope.dialect), located.base);
  }
  out.definitions.push(def);
}

/**
 * Picks the folder the command runs in: the one the script `cd`d to, else the root, else the script's
 * folder and its parents; the first where the Dockerfile exists.
 */
function locate(
  cmd: BuildCommand,
  scope: ScriptScope,
  state: RunState,
): { dockerfile: string; context: string; base: string } | undefined {
  const bases: string[] = [];
  if (scope.cwd !== undefined) bases.push(scope.cwd);
  bases.push('.');
  for (let d = state.scriptDir; d !== '.' && d !== '/' && d !== ''; d = path.posix.dirname(d)) bases.push(d);
  const context = toSlash(cmd.context!, scope.dialect);
  for (const base of [...new Set(bases)]) {
    const ctx = resolvePath(context, base);
    // `-f` is relative to the working folder, like the context.
    const dockerfile =
      cmd.file === undefined
        ? joinRel(ctx, 'Dockerfile')
        : resolvePath(toSlash(cmd.file, scope.dialect), base);
    if (state.exists(dockerfile)) return { dockerfile, context: ctx, base };
  }
  return undefined;
}

function resolvePath(p: string, base: string): string {
  if (p.startsWith(ANCHOR)) return anchoredToRel(p) ?? '.';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('/')) return p;
  return joinRel(base, p);
}
