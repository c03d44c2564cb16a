import type { ImageDefinition, ScriptMention, ValueOrigin } from '../../model/definition.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { parseBuildScript } from '../scripts.js';
import { isRecord, parseYamlSource } from '../yaml-source.js';

/** Keys of `.gitlab-ci.yml` that are not jobs. */
const RESERVED = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'pages',
]);

/** Rows of `parallel: matrix:` at most per job. */
const MAX_ROWS = 256;

/**
 * Reads a GitLab CI file: each job's `before_script`, `script` and `after_script` lines as one shell
 * script, with the global and job `variables` (and each row of `parallel: matrix:`) set first. Variables
 * GitLab sets when the pipeline runs (`$CI_COMMIT_SHA`) are written as stable words.
 */
export function readGitlabCi(
  text: string,
  file: string,
  opts: { exists: (rel: string) => boolean },
): { definitions: ImageDefinition[]; mentions: ScriptMention[]; diagnostics: Diagnostic[] } {
  const out = {
    definitions: [] as ImageDefinition[],
    mentions: [] as ScriptMention[],
    diagnostics: [] as Diagnostic[],
  };
  const parsed = parseYamlSource(text, file, 'STRATA_WORKFLOW_PARSE');
  out.diagnostics.push(...parsed.diagnostics);
  const source = parsed.source;
  if (!source || !isRecord(source.value)) return out;
  const doc = source.value;
  const globalVars = variables(doc.variables);
  for (const [name, job] of Object.entries(doc)) {
    if (RESERVED.has(name) || name.startsWith('.') || !isRecord(job)) continue;
    const lines: { text: string; line: number }[] = [];
    for (const key of ['before_script', 'script', 'after_script']) {
      const list = job[key];
      const items = Array.isArray(list) ? list : typeof list === 'string' ? [list] : [];
      items.forEach((item, i) => {
        if (typeof item !== 'string') return;
        const line = source.lineOf([name, key, ...(Array.isArray(list) ? [i] : [])]) ?? 1;
        lines.push({ text: item, line });
      });
    }
    if (!lines.some((l) => /\b(?:docker|podman|buildah|nerdctl|kaniko)\b/.test(l.text))) continue;
    const parallel =
      isRecord(job.parallel) && Array.isArray(job.parallel.matrix) ? job.parallel.matrix : [{}];
    const rows = parallel.filter(isRecord).flatMap(matrixRows).slice(0, MAX_ROWS);
    for (const row of rows.length > 0 ? rows : [{}]) {
      const vars = { ...globalVars, ...variables(job.variables), ...row };
      // One script, one line per item; definitions are mapped back to the item's line.
      const script = lines.map((l) => l.text.replace(/\n/g, ' \\\n')).join('\n');
      const lineOf = (n: number): number => {
        let count = 0;
        for (const l of lines) {
          const height = l.text.split('\n').length;
          if (n <= count + height) return l.line;
          count += height;
        }
        return lines.at(-1)?.line ?? 1;
      };
      const result = parseBuildScript(script, file, { exists: opts.exists, vars, cwd: '.', settle: true });
      for (const def of result.definitions) {
        const o: ValueOrigin = { file, line: lineOf(def.origin.line ?? 1) };
        def.origin = { kind: 'script', file, line: o.line!, name };
        def.tagOrigins = Object.fromEntries(def.tags.map((t) => [t, o]));
        def.argOrigins = Object.fromEntries(Object.keys(def.args).map((a) => [a, o]));
        if (!out.definitions.some((d) => JSON.stringify(d) === JSON.stringify(def)))
          out.definitions.push(def);
      }
      for (const m of result.mentions) out.mentions.push({ ...m, line: lineOf(m.line) });
    }
  }
  return out;
}

function variables(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (isRecord(v) && v.value !== undefined) out[k] = String(v.value);
    else if (v !== null && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

function matrixRows(entry: Record<string, unknown>): Record<string, string>[] {
  let rows: Record<string, string>[] = [{}];
  for (const [key, value] of Object.entries(entry)) {
    const list = Array.isArray(value) ? value : [value];
    rows = rows.flatMap((r) => list.map((v) => ({ ...r, [key]: String(v) })));
  }
  return rows;
}
