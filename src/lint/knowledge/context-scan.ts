import { closeSync, type Dirent, openSync, readdirSync, readSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { type DockerignoreMatcher, loadDockerignoreSync } from '../../discover/dockerignore.js';
import { isRemoteContext } from '../../discover/index.js';
import type { Image } from '../../model/graph.js';
import { joinRel } from '../../util/paths.js';
import type { LintContext } from '../rule.js';

/** Model weights and datasets: large, rarely meant for the image, and sent to the builder on every build. */
export const LARGE_DATA =
  /\.(pt|pth|ckpt|safetensors|onnx|bin|pkl|pickle|h5|hdf5|keras|pb|tflite|gguf|ggml|npy|npz|parquet|arrow|feather|tfrecords?|csv|tsv|jsonl|zip|tar|tgz|tar\.gz|7z|mp4|avi|mov|mkv|wav|flac|db|sqlite3?)$/i;

/**
 * Files that hold secrets, by name. A `.pem` or `.key` file is a secret only when it holds a private key
 * (`isTextKeyFile` names them; `holdsPrivateKey` reads them): CA certificates and application files named
 * `*.key` are public.
 */
export function isSecretFile(rel: string): boolean {
  const name = rel.split('/').pop() ?? '';
  if (/^\.env(\..+)?$/.test(name)) return !/\.(example|sample|template|dist|defaults?)$/i.test(name);
  if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(name)) return true;
  if (/\.(pem|key|p12|pfx|jks|keystore)$/i.test(name)) return true;
  if (/^(\.pypirc|\.netrc|\.git-credentials|credentials\.json|kubeconfig)$/.test(name)) return true;
  if (/^service[-_]?account.*\.json$/i.test(name) || /-credentials\.json$/i.test(name)) return true;
  return /(^|\/)\.aws\/credentials$|(^|\/)\.docker\/config\.json$/.test(rel);
}

/** A `.pem` / `.key` name: a secret only when the file holds a private key. */
export function isTextKeyFile(rel: string): boolean {
  return /\.(pem|key)$/i.test(rel);
}

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----|PuTTY-User-Key-File/;

/** Whether a file's first 256 KiB hold a PEM private key block (RFC 7468 labels) or a PuTTY key. */
export function holdsPrivateKey(abs: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buf = Buffer.alloc(256 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return PRIVATE_KEY.test(buf.subarray(0, n).toString('latin1'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Entries every context should ignore, with how to recognise them. */
export const REQUIRED_IGNORES: { entry: string; matches: (name: string, isDir: boolean) => boolean }[] = [
  { entry: '.git', matches: (n) => n === '.git' },
  { entry: 'node_modules', matches: (n, d) => d && n === 'node_modules' },
  { entry: '__pycache__', matches: (n, d) => d && n === '__pycache__' },
  { entry: '.venv / venv', matches: (n, d) => d && (n === '.venv' || n === 'venv') },
  { entry: '.env', matches: (n, d) => !d && n === '.env' },
  { entry: '*.log', matches: (n, d) => !d && n.endsWith('.log') },
  {
    entry: 'build output (dist, build)',
    matches: (n, d) => d && (n === 'dist' || n === 'build' || n === '.next' || n === 'target'),
  },
];

export interface ContextFile {
  /** Relative to the context. */
  rel: string;
  size: number;
}

export interface ContextScan {
  ignore: DockerignoreMatcher;
  /** Required entries present in the context and not ignored: entry -> an example path. */
  unignored: Map<string, string>;
  largeData: ContextFile[];
  secrets: ContextFile[];
  truncated: boolean;
}

const MAX_ENTRIES = 200_000;
const cache = new WeakMap<LintContext, Map<string, Promise<ContextScan>>>();
const ignores = new WeakMap<LintContext, Map<string, Promise<DockerignoreMatcher>>>();

/** The .dockerignore of an image's build, read once per lint run. */
export function dockerignoreOf(image: Image, ctx: LintContext): Promise<DockerignoreMatcher> {
  let byKey = ignores.get(ctx);
  if (!byKey) {
    byKey = new Map();
    ignores.set(ctx, byKey);
  }
  const key = `${image.context}\0${image.dockerfile}`;
  let hit = byKey.get(key);
  if (!hit) {
    const listed = new Set(ctx.discovery.dockerignores);
    hit = Promise.resolve(
      loadDockerignoreSync(ctx.root, image.context, image.dockerfile, (f) => listed.has(f)),
    );
    byKey.set(key, hit);
  }
  return hit;
}

/** Walks an image's build context with its .dockerignore applied (stat only for the files it reports). */
export async function scanContext(image: Image, ctx: LintContext): Promise<ContextScan> {
  let byKey = cache.get(ctx);
  if (!byKey) {
    byKey = new Map();
    cache.set(ctx, byKey);
  }
  const ignore = await dockerignoreOf(image, ctx);
  const key = `${image.context}\0${ignore.file ?? ''}`;
  let hit = byKey.get(key);
  if (!hit) {
    hit = walkContext(ctx.root, image.context, ignore);
    byKey.set(key, hit);
  }
  return hit;
}

async function walkContext(root: string, context: string, ignore: DockerignoreMatcher): Promise<ContextScan> {
  const canPrune = !ignore.patterns.some((p) => p.trim().startsWith('!'));
  const scan: ContextScan = { ignore, unignored: new Map(), largeData: [], secrets: [], truncated: false };
  let entriesSeen = 0;
  // Synchronous on purpose: thousands of small folders are walked far faster without the thread-pool hop.
  const visit = (abs: string, rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++entriesSeen > MAX_ENTRIES) {
        scan.truncated = true;
        return;
      }
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isDirectory();
      const ignored = ignore.ignores(childRel);
      if (!ignored) {
        for (const req of REQUIRED_IGNORES) {
          if (!scan.unignored.has(req.entry) && req.matches(entry.name, isDir))
            scan.unignored.set(req.entry, childRel);
        }
      }
      if (isDir) {
        if (ignored && canPrune) continue;
        visit(path.join(abs, entry.name), childRel);
        continue;
      }
      if (ignored || !entry.isFile()) continue;
      const secret =
        isSecretFile(childRel) && (!isTextKeyFile(childRel) || holdsPrivateKey(path.join(abs, entry.name)));
      if (!secret && !LARGE_DATA.test(entry.name)) continue;
      let stat: Stats;
      try {
        stat = statSync(path.join(abs, entry.name));
      } catch {
        continue;
      }
      (secret ? scan.secrets : scan.largeData).push({ rel: childRel, size: stat.size });
    }
  };
  visit(path.resolve(root, context), '');
  scan.largeData.sort((a, b) => b.size - a.size);
  return scan;
}

const warmed = new WeakSet<LintContext>();
const walkLimit = pLimit(16);

/** Starts the walks of every build context of the graph at once (16 at a time); later calls hit the cache. */
export function warmContexts(ctx: LintContext): void {
  if (warmed.has(ctx)) return;
  warmed.add(ctx);
  for (const image of ctx.graph.images) {
    if (isRemoteContext(image.context)) continue;
    void walkLimit(() => scanContext(image, ctx)).catch(() => undefined);
  }
}

/** The context's .dockerignore path for messages (the one Docker would read, existing or not). */
export function dockerignorePath(image: Image, scan: ContextScan): string {
  return scan.ignore.file ?? joinRel(image.context, '.dockerignore');
}
