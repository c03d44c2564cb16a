import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shellcheckBinary } from '../util/shellcheck-tool.js';

/** One script to check: its text, the shell dialect (`sh`, `bash`, `dash`, `ksh`). */
export interface ShellScript {
  text: string;
  dialect: string;
}

/** One ShellCheck finding (json1 format), line and column within the script. */
export interface ShellcheckComment {
  code: number;
  level: 'error' | 'warning' | 'info' | 'style';
  message: string;
  line: number;
  column: number;
}

/** Parses `shellcheck --format=json1` output: findings grouped by the file they name. Pure. */
export function parseShellcheckJson1(text: string): Map<string, ShellcheckComment[]> {
  const out = new Map<string, ShellcheckComment[]>();
  if (text.trim() === '') return out;
  const parsed = JSON.parse(text) as { comments?: (ShellcheckComment & { file: string })[] };
  for (const c of parsed.comments ?? []) {
    const list = out.get(c.file) ?? [];
    list.push({ code: c.code, level: c.level, message: c.message, line: c.line, column: c.column });
    out.set(c.file, list);
  }
  return out;
}

/** Scripts per shellcheck process: few processes for thousands of RUNs, command lines well under limits. */
const BATCH = 400;

/**
 * Runs ShellCheck over many scripts with few processes: the scripts are written to a temporary folder and
 * checked `BATCH` files per `shellcheck --format=json1` invocation, one dialect per invocation. Returns
 * the findings of each script, by index. Throws when shellcheck cannot run.
 */
export async function runShellcheck(
  scripts: ShellScript[],
  exclude: string[] = [],
): Promise<ShellcheckComment[][]> {
  const results: ShellcheckComment[][] = scripts.map(() => []);
  if (scripts.length === 0) return results;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-shellcheck-'));
  try {
    const names = scripts.map((_, i) => path.join(dir, `${i}.sh`));
    await Promise.all(scripts.map((s, i) => fs.writeFile(names[i]!, s.text)));
    const byDialect = new Map<string, number[]>();
    scripts.forEach((s, i) => {
      const list = byDialect.get(s.dialect) ?? [];
      list.push(i);
      byDialect.set(s.dialect, list);
    });
    for (const [dialect, indexes] of byDialect) {
      for (let start = 0; start < indexes.length; start += BATCH) {
        const chunk = indexes.slice(start, start + BATCH);
        // Like hadolint: an unassigned upper-case variable is reported too (not only lower-case ones).
        const args = [
          '--format=json1',
          `--shell=${dialect}`,
          '--enable=check-unassigned-uppercase',
          ...(exclude.length ? [`--exclude=${exclude.join(',')}`] : []),
        ];
        const stdout = await run([...args, ...chunk.map((i) => names[i]!)]);
        for (const [file, comments] of parseShellcheckJson1(stdout)) {
          const index = Number(path.basename(file, '.sh'));
          if (results[index]) results[index].push(...comments);
        }
      }
    }
    return results;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      shellcheckBinary(),
      args,
      { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (error, stdout) => {
        // Exit 1 means "found something"; only a missing binary or a crash is a failure.
        if (error && (typeof error.code !== 'number' || error.code > 1)) reject(error);
        else resolve(stdout);
      },
    );
  });
}

export { shellcheckBinary, shellcheckVersion } from '../util/shellcheck-tool.js';
