import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';

/** Largest file strata reads as text (Dockerfiles, compose, bake, scripts). */
export const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;

/** `missing` tells a file that does not exist from one that could not be read. */
export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic; missing?: true };

/**
 * Reads a text file of the repository without ever throwing: a missing, unreadable, oversized or
 * binary file comes back as a diagnostic naming the file.
 */
export async function readTextFile(
  root: string,
  rel: string,
  maxBytes = MAX_TEXT_FILE_BYTES,
): Promise<ReadResult> {
  const abs = path.resolve(root, rel);
  let handle: fs.FileHandle | undefined;
  try {
    // One open, then stat and read through the handle: a single path lookup per file.
    handle = await fs.open(abs, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) {
      return fail('STRATA_READ_NOT_FILE', `${rel} is not a regular file`, rel, 'point strata at a file');
    }
    if (stat.size > maxBytes) {
      return fail(
        'STRATA_READ_TOO_LARGE',
        `${rel} is ${formatBytes(stat.size)}, larger than the ${formatBytes(maxBytes)} strata reads as text`,
        rel,
        'is this really a text file? add it to .gitignore or strata.yaml `exclude` if not',
      );
    }
    const buf = await handle.readFile();
    if (buf.includes(0)) {
      return fail('STRATA_READ_BINARY', `${rel} holds binary data, not text`, rel, 'rename it or exclude it');
    }
    return { ok: true, text: buf.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'does not exist'
        : err.code === 'EACCES'
          ? 'is not readable (permission denied)'
          : err.code === 'ELOOP'
            ? 'is a symbolic link loop'
            : `could not be read (${err.code ?? err.message})`;
    const d = diagnostic('STRATA_READ_FAILED', 'error', `${rel} ${why}`, {
      file: rel,
      hint: 'check the path and its permissions',
    });
    return err.code === 'ENOENT' ? { ok: false, diagnostic: d, missing: true } : { ok: false, diagnostic: d };
  } finally {
    await handle?.close();
  }
}

function fail(code: string, message: string, file: string, hint: string): ReadResult {
  return { ok: false, diagnostic: diagnostic(code, 'error', message, { file, hint }) };
}

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

/** Modes of what strata writes for itself (state, history, logs): the user's only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/**
 * Writes a file atomically (`private`: readable by the user only, in a folder made for the user only): a temporary file in the same folder, then rename. Readers never see a
 * half-written file, and a crash leaves the old content.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { private?: boolean } = {},
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, ...(options.private ? { mode: PRIVATE_DIR } : {}) });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, data, options.private ? { mode: PRIVATE_FILE } : {});
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Appends one line to a file with a single write(2) call (atomic for lines under PIPE_BUF on local
 * disks), to a file readable by the user only.
 */
export async function appendLine(file: string, line: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR });
  const handle = await fs.open(file, 'a', PRIVATE_FILE);
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.write(line.endsWith('\n') ? line : `${line}\n`);
  } finally {
    await handle.close();
  }
}
