import type { ParsedDockerfile } from '../model/dockerfile.js';

/**
 * BuildKit's lint options: the `# check=` parser directive, the `BUILDKIT_DOCKERFILE_CHECK` build arg
 * (which replaces the directive), and `# check=` comments directly above one instruction (merged for it).
 * Source: moby/buildkit frontend/dockerfile/linter (ParseLintOptions, Linter.Run).
 */
export interface CheckOptions {
  skipAll: boolean;
  skip: Set<string>;
  experimentalAll: boolean;
  experimental: Set<string>;
  /** `error=true`: a warning of a check fails the build. */
  error: boolean;
}

export function emptyCheckOptions(): CheckOptions {
  return { skipAll: false, skip: new Set(), experimentalAll: false, experimental: new Set(), error: false };
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * Parses `skip=A,B;error=true;experimental=all` (the value up to the first space). Returns an error
 * message for an option that is not `key=value` or an unknown key, as BuildKit refuses them.
 */
export function parseCheckOptions(text: string): CheckOptions | { invalid: string } {
  const out = emptyCheckOptions();
  const value = text.trim().split(/\s/)[0] ?? '';
  if (value === '') return out;
  const parts = value.split(';');
  const opts = [...parts.slice(0, 2), ...(parts.length > 2 ? [parts.slice(2).join(';')] : [])];
  for (const opt of opts) {
    const eq = opt.indexOf('=');
    if (eq < 0) return { invalid: `invalid check option "${opt}"` };
    const key = opt.slice(0, eq).trim();
    const v = opt.slice(eq + 1);
    const names = v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (key === 'skip') {
      if (v.trim() === 'all') out.skipAll = true;
      else for (const n of names) out.skip.add(n);
    } else if (key === 'experimental') {
      if (v.trim() === 'all') out.experimentalAll = true;
      else for (const n of names) out.experimental.add(n);
    } else if (key === 'error') {
      out.error = TRUE.has(v.trim());
    } else return { invalid: `invalid check option "${key}"` };
  }
  return out;
}

const CHECK_LINE = /^#\s*check\s*=\s*(.+?)\s*$/i;

/** Lines of the parser-directive header (not comments of an instruction). */
function headerLines(file: ParsedDockerfile): Set<number> {
  const out = new Set<number>();
  const byLine = new Map(file.comments.map((c) => [c.line, c.text.trim()]));
  for (let line = 1; byLine.has(line); line++) {
    const text = byLine.get(line) ?? '';
    if (line === 1 && text.startsWith('#!')) {
      out.add(line);
      continue;
    }
    if (!/^#\s*(?:syntax|escape|check)\s*=/i.test(text)) break;
    out.add(line);
  }
  return out;
}

/** The options for a whole file: the build arg when given (it replaces the directive), else the directive. */
export function fileCheckOptions(
  file: ParsedDockerfile,
  buildArg?: string,
): CheckOptions | { invalid: string } {
  const text = buildArg ?? file.check;
  return text === undefined ? emptyCheckOptions() : parseCheckOptions(text);
}

/**
 * The options for the instruction on `line`: the file's, merged with the first `# check=` line of the
 * comment block directly above it (skip/experimental lists added; `error` is ignored there).
 */
export function instructionCheckOptions(
  file: ParsedDockerfile,
  line: number,
  base: CheckOptions,
): CheckOptions {
  const byLine = new Map(file.comments.map((c) => [c.line, c.text.trim()]));
  const header = headerLines(file);
  const block: string[] = [];
  for (let l = line - 1; byLine.has(l) && !header.has(l); l--) block.unshift(byLine.get(l) ?? '');
  const check = block.map((t) => CHECK_LINE.exec(t)?.[1]).find((t) => t !== undefined);
  if (check === undefined) return base;
  const local = parseCheckOptions(check);
  if ('invalid' in local) return base;
  const o = local as CheckOptions;
  return {
    skipAll: base.skipAll || o.skipAll,
    skip: new Set([...base.skip, ...o.skip]),
    experimentalAll: base.experimentalAll || o.experimentalAll,
    experimental: new Set([...base.experimental, ...o.experimental]),
    error: base.error,
  };
}

/**
 * Whether BuildKit runs check `name` under `options`: an experimental check only when `experimental=`
 * names it (whatever `skip=` says), another one unless `skip=` names it or says all.
 */
export function checkRuns(name: string, experimental: boolean, options: CheckOptions): boolean {
  if (experimental) return options.experimentalAll || options.experimental.has(name);
  return !options.skipAll && !options.skip.has(name);
}
