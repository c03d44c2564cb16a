import { createHash } from 'node:crypto';
import { createReadStream, promises as fs, type Stats } from 'node:fs';
import { writeFileAtomic } from '../util/fs.js';

interface CacheEntry {
  size: number;
  mtimeMs: number;
  mode: number;
  hash: string;
}

/** A file whose mtime is this close to "now" may still change within the same tick: never cached. */
const RACY_MS = 2_000;

/**
 * Content hashes of context files keyed by (path, size, mtime, mode), kept in `file-hashes.json` of the state folder
 * so a no-op plan reads no file twice. A hash is sha256 of a mode marker (`x` executable, `-` not, `l`
 * symbolic link) and the content (or the link target).
 */
export class FileHashCache {
  private entries: Record<string, CacheEntry>;
  private dirty = false;
  private readonly file: string | undefined;
  /** Hashes computed in this run, so a file shared by several contexts is hashed once. */
  private readonly pending = new Map<string, Promise<string>>();

  private constructor(file: string | undefined, entries: Record<string, CacheEntry>) {
    this.file = file;
    this.entries = entries;
  }

  /** The cache stored at `file`; an unreadable or corrupt cache starts empty. */
  static async load(file: string): Promise<FileHashCache> {
    try {
      const data = JSON.parse(await fs.readFile(file, 'utf8')) as { version?: number; entries?: unknown };
      if (data.version === 1 && data.entries && typeof data.entries === 'object') {
        return new FileHashCache(file, data.entries as Record<string, CacheEntry>);
      }
    } catch {
      // no cache yet, or unreadable: start fresh
    }
    return new FileHashCache(file, {});
  }

  /** A cache that lives only in memory. */
  static memory(): FileHashCache {
    return new FileHashCache(undefined, {});
  }

  async hash(abs: string, stat: Stats): Promise<string> {
    const mode = stat.isSymbolicLink() ? -1 : stat.mode & 0o111 ? 1 : 0;
    const hit = this.entries[abs];
    if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs && hit.mode === mode) return hit.hash;
    const running = this.pending.get(abs);
    if (running) return running;
    const work = hashFile(abs, mode).then((hash) => {
      if (Date.now() - stat.mtimeMs > RACY_MS) {
        this.entries[abs] = { size: stat.size, mtimeMs: stat.mtimeMs, mode, hash };
        this.dirty = true;
      }
      return hash;
    });
    this.pending.set(abs, work);
    return work;
  }

  /** Writes the cache back when something changed, dropping entries of files that no longer exist. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    const kept: Record<string, CacheEntry> = {};
    await Promise.all(
      Object.entries(this.entries).map(async ([abs, entry]) => {
        try {
          await fs.lstat(abs);
          kept[abs] = entry;
        } catch {
          // gone
        }
      }),
    );
    this.entries = kept;
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, entries: kept }), { private: true });
    this.dirty = false;
  }
}

async function hashFile(abs: string, mode: number): Promise<string> {
  const h = createHash('sha256');
  if (mode === -1) {
    h.update('l\0');
    h.update(await fs.readlink(abs));
    return h.digest('hex');
  }
  h.update(mode === 1 ? 'x\0' : '-\0');
  await new Promise<void>((resolve, reject) => {
    createReadStream(abs)
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return h.digest('hex');
}
