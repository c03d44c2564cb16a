import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import tar from 'tar-stream';
import { isPackageMetadataPath } from './packages.js';

/**
 * One layer of an image, read as a stream: its tar (plain, gzip or zstd, told apart by their magic
 * bytes) is walked entry by entry; regular files are hashed as their bytes pass and nothing but small
 * package metadata files is kept. tar-stream does the tar (ustar, GNU long names, PAX headers).
 */

/** What a tar entry is, after the OCI whiteout convention is applied. */
export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other';

export interface LayerEntry {
  /** Path in the image without a leading `/` or `./` (`usr/lib/x.so`). For a whiteout: the path it deletes; for an opaque marker: its directory. */
  path: string;
  kind: EntryKind;
  /** Bytes of a regular file; 0 for everything else. */
  size: number;
  /** sha256 of a regular file's content (base64), for files of at least one byte. */
  hash?: string;
  /** Target of a hard link (a path in this layer) or of a symbolic link (as written). */
  link?: string;
}

export type LayerCompression = 'none' | 'gzip' | 'zstd';

export interface LayerScan {
  entries: LayerEntry[];
  /**
   * Bytes of regular-file content in the tar (hard links, whiteouts, devices and folders weigh
   * nothing). This is how the engine sizes a layer BuildKit made (moby layer store, ChecksumForGraphID:
   * the tar-split payload).
   */
  fileBytes: number;
  /**
   * Bytes of symbolic link targets. A layer the engine registered from a tar (pull, load, import, the
   * classic builder's commit) is sized as it lies on disk (moby pkg/directory.Size, `lstat` sizes), where
   * a symbolic link weighs the length of its target: fileBytes + symlinkBytes.
   */
  symlinkBytes: number;
  /** Bytes of the uncompressed tar stream. */
  tarBytes: number;
  compression: LayerCompression;
  /** Package metadata files kept whole (dpkg status and `.list` files, dist-info RECORD, conda-meta, package.json), by path. */
  metadata: Map<string, string>;
}

/** Package metadata files bigger than this are not kept (a dpkg status of a big image is ~2 MB). */
const METADATA_MAX_BYTES = 16 * 1024 * 1024;

/** Normalizes a tar path: no `./`, no leading or trailing `/`. */
export function normalizeEntryPath(name: string): string {
  let p = name;
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/^\/+/, '').replace(/\/+$/, '');
  return p === '.' ? '' : p;
}

function classify(header: tar.Header): { path: string; kind: EntryKind } {
  const path = normalizeEntryPath(header.name);
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === '.wh..wh..opq') return { path: dir, kind: 'opaque' };
  if (base.startsWith('.wh.')) {
    const target = base.slice(4);
    return { path: dir === '' ? target : `${dir}/${target}`, kind: 'whiteout' };
  }
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return { path, kind: 'file' };
    case 'directory':
      return { path, kind: 'dir' };
    case 'symlink':
      return { path, kind: 'symlink' };
    case 'link':
      return { path, kind: 'hardlink' };
    default:
      return { path, kind: 'other' };
  }
}

/** Which compression a blob starts with: gzip (1f 8b), zstd (28 b5 2f fd), otherwise none. */
export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/** True when a blob's first 512 bytes are a tar header (the `ustar` magic at offset 257). */
export function looksLikeTar(head: Uint8Array): boolean {
  if (head.length < 263) return false;
  return Buffer.from(head.subarray(257, 262)).toString('latin1') === 'ustar';
}

/**
 * A writable that takes a layer blob's bytes (compressed or not) and resolves `result` with the scan
 * once the blob has ended. Bytes flow through with backpressure; memory stays at a few chunks.
 */
export function createLayerScanner(): { sink: Writable; result: Promise<LayerScan> } {
  const entries: LayerEntry[] = [];
  const metadata = new Map<string, string>();
  let fileBytes = 0;
  let symlinkBytes = 0;
  let tarBytes = 0;
  let compression: LayerCompression = 'none';

  const extract = tar.extract();
  let settle!: { resolve: (s: LayerScan) => void; reject: (e: Error) => void };
  const result = new Promise<LayerScan>((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => undefined);

  extract.on('entry', (header, stream, next) => {
    const { path, kind } = classify(header);
    const entry: LayerEntry = { path, kind, size: 0 };
    if (kind === 'symlink' || kind === 'hardlink') {
      entry.link = kind === 'hardlink' ? normalizeEntryPath(header.linkname ?? '') : (header.linkname ?? '');
    }
    if (kind === 'symlink') symlinkBytes += Buffer.byteLength(header.linkname ?? '');
    const fileSize = kind === 'file' ? (header.size ?? 0) : 0;
    entry.size = fileSize;
    fileBytes += fileSize;
    const keep = kind === 'file' && fileSize <= METADATA_MAX_BYTES && isPackageMetadataPath(path);
    const hash = kind === 'file' && fileSize > 0 ? createHash('sha256') : undefined;
    const kept: Buffer[] = [];
    stream.on('data', (data: unknown) => {
      const chunk = data as Buffer;
      hash?.update(chunk);
      if (keep) kept.push(chunk);
    });
    stream.on('end', () => {
      if (hash) entry.hash = hash.digest('base64');
      if (keep) metadata.set(path, Buffer.concat(kept).toString('utf8'));
      if (path !== '' || kind !== 'dir') entries.push(entry);
      next();
    });
    stream.on('error', (e: Error) => settle.reject(e));
  });
  extract.on('finish', () =>
    settle.resolve({ entries, fileBytes, symlinkBytes, tarBytes, compression, metadata }),
  );
  extract.on('error', (e: Error) => settle.reject(e));

  /** Writes decoded tar bytes; calls back once the tar parser can take more. */
  const toTar = (chunk: Uint8Array, done: () => void): void => {
    tarBytes += chunk.length;
    if (extract.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length))) done();
    else extract.once('drain', done);
  };

  let decoder: ((chunk: Buffer, done: (e?: Error | null) => void) => void) | undefined;
  let finish: ((done: (e?: Error | null) => void) => void) | undefined;

  const start = (head: Buffer): void => {
    compression = sniffCompression(head);
    if (compression === 'gzip') {
      const gunzip = createGunzip();
      let pending: (() => void) | undefined;
      gunzip.on('data', (out: Buffer) => {
        gunzip.pause();
        toTar(out, () => gunzip.resume());
      });
      gunzip.on('error', (e) => settle.reject(e));
      gunzip.on('end', () => {
        extract.end(undefined);
        pending?.();
      });
      decoder = (chunk, done) => {
        if (gunzip.write(chunk)) done();
        else gunzip.once('drain', () => done());
      };
      finish = (done) => {
        pending = () => done();
        gunzip.end();
      };
    } else if (compression === 'zstd') {
      const outs: Uint8Array[] = [];
      const zstd = new ZstdDecompress((out) => {
        outs.push(out);
      });
      const drainOuts = (done: (e?: Error | null) => void): void => {
        const out = outs.shift();
        if (out) toTar(out, () => drainOuts(done));
        else done();
      };
      decoder = (chunk, done) => {
        try {
          zstd.push(chunk);
        } catch (e) {
          return done(e as Error);
        }
        drainOuts(done);
      };
      finish = (done) => {
        try {
          zstd.push(new Uint8Array(0), true);
        } catch (e) {
          return done(e as Error);
        }
        drainOuts(() => {
          extract.end(undefined);
          done();
        });
      };
    } else {
      decoder = (chunk, done) => toTar(chunk, () => done());
      finish = (done) => {
        extract.end(undefined);
        done();
      };
    }
  };

  let head: Buffer | undefined = Buffer.alloc(0);
  const sink = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, done) {
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 4) return done();
        const first = head;
        head = undefined;
        start(first);
        return decoder!(first, done);
      }
      decoder!(chunk, done);
    },
    final(done) {
      if (head !== undefined) {
        const first = head;
        head = undefined;
        start(first);
        if (first.length > 0) return decoder!(first, () => finish!(done));
      }
      finish!(done);
    },
  });
  sink.on('error', (e) => settle.reject(e));
  return { sink, result };
}
