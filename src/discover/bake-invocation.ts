import path from 'node:path';
import { parseDocument } from 'yaml';
import { joinRel } from '../util/paths.js';
import { dirOf } from './local-path.js';
import { scriptDialect } from './names.js';
import { logicalLines, splitCommands, splitWords } from './script-text.js';
import { isRecord } from './yaml-source.js';

/**
 * One `docker buildx bake` a repository runs: the bake files it combines (`-f`, in order), the folder it
 * runs in (root-relative), its `--set` values, and where it is stated.
 */
export interface BakeInvocation {
  files: string[];
  cwd: string;
  file: string;
  line: number;
}

/** buildx's default files when `bake` runs without `-f`, in its order (bake/bake.go defaultFilenames). */
export const DEFAULT_BAKE_FILES = [
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
];

const BAKE_COMMAND = /(?:^|[\s;&|(`])(?:docker\s+(?:buildx\s+)?bake|docker-buildx\s+bake|buildx\s+bake)\b/;

/**
 * The bake invocations of a script, Makefile or CI workflow. `exists` says whether a root-relative
 * path is a file; relative `-f` paths are tried from the script's folder and from the root (CI and
 * most scripts run from the root), and kept from the first where every file exists. Invocations whose
 * files name variables or do not exist are left out. Pure, apart from `exists`.
 */
export function findBakeInvocations(
  text: string,
  file: string,
  exists: (rel: string) => boolean,
): BakeInvocation[] {
  if (!text.includes('bake')) return [];
  const workflow = /\.ya?ml$/.test(file);
  const out: BakeInvocation[] = [];
  if (workflow) out.push(...bakeActions(text, file, exists));
  const dialect = workflow ? 'sh' : scriptDialect(file);
  const dir = dirOf(file);
  const candidates = workflow
    ? ['.']
    : dialect === 'make'
      ? [dir, '.']
      : [dir, '.'].filter((d, i, a) => a.indexOf(d) === i);
  for (const logical of logicalLines(text, dialect)) {
    if (!BAKE_COMMAND.test(logical.text)) continue;
    for (const command of splitCommands(logical.text.replace(/^\s*(?:-\s+)?(?:run:\s*)?/, ''), dialect)) {
      const words = splitWords(command, dialect);
      const at = words.findIndex(
        (w, i) =>
          w === 'bake' &&
          (words[i - 1] === 'buildx' || words[i - 1] === 'docker' || words[i - 1] === 'docker-buildx'),
      );
      if (at < 0) continue;
      const named = bakeFileArgs(words.slice(at + 1));
      if (named === undefined) continue;
      const resolved = resolveFiles(named, candidates, exists);
      if (resolved) out.push({ ...resolved, file, line: logical.line });
    }
  }
  return out;
}

/** The `-f`/`--file` values of a bake command line; undefined when one holds a variable. */
function bakeFileArgs(args: string[]): string[] | undefined {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    let value: string | undefined;
    if (a === '-f' || a === '--file') value = args[++i];
    else if (a.startsWith('--file=')) value = a.slice('--file='.length);
    else if (/^-f[^-]/.test(a)) value = a.slice(2);
    if (value === undefined) continue;
    if (/[$%`\u0001]/.test(value)) return undefined;
    files.push(value.replace(/^["']|["']$/g, ''));
  }
  return files;
}

/** The files from the first candidate folder where all exist (the defaults of that folder when none is named). */
function resolveFiles(
  named: string[],
  candidates: string[],
  exists: (rel: string) => boolean,
): { files: string[]; cwd: string } | undefined {
  for (const cwd of candidates) {
    if (named.length === 0) {
      const files = DEFAULT_BAKE_FILES.map((f) => joinRel(cwd, f)).filter(exists);
      if (files.length > 0) return { files, cwd };
      continue;
    }
    const files = named.map((f) => (path.posix.isAbsolute(f) ? f : joinRel(cwd, f)));
    if (files.every(exists)) return { files, cwd };
  }
  return undefined;
}

/** `docker/bake-action` steps: `files` (a list or a comma/line separated string) and `workdir`. */
function bakeActions(text: string, file: string, exists: (rel: string) => boolean): BakeInvocation[] {
  if (!text.includes('bake-action')) return [];
  const out: BakeInvocation[] = [];
  let doc: unknown;
  try {
    doc = parseDocument(text).toJS();
  } catch {
    return out;
  }
  const lines = text.split('\n');
  const jobs = isRecord(doc) && isRecord(doc.jobs) ? Object.values(doc.jobs) : [];
  for (const job of jobs) {
    const steps = isRecord(job) && Array.isArray(job.steps) ? job.steps : [];
    for (const step of steps) {
      if (!isRecord(step) || typeof step.uses !== 'string' || !step.uses.startsWith('docker/bake-action'))
        continue;
      const w = isRecord(step.with) ? step.with : {};
      const raw = w.files;
      const named = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\n,]/) : [])
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (named.some((f) => /[$]/.test(f))) continue;
      const workdir =
        typeof w.workdir === 'string' && !w.workdir.includes('$') ? joinRel('.', w.workdir) : '.';
      const resolved = resolveFiles(named, [workdir], exists);
      const line = lines.findIndex((l) => l.includes(step.uses as string)) + 1;
      if (resolved) out.push({ ...resolved, file, line: Math.max(line, 1) });
    }
  }
  return out;
}
