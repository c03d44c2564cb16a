import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import tar from 'tar-stream';
import { StrataError } from '../model/errors.js';
import { createLayerScanner, type LayerScan, looksLikeTar, sniffCompression } from './layer-scan.js';

/**
 * An image archive as `docker save` (`GET /images/{name}/get`), `skopeo copy ... oci-archive:` or
 * `podman save --format oci-archive` write it, read in one pass:
 * - the legacy layout of Docker <= 24: `<id>/layer.tar`, `<config>.json`, `manifest.json`;
 * - the OCI image layout (Docker 25+, skopeo, podman): `blobs/<alg>/<hex>`, `index.json`, `oci-layout`
 *   (Docker 25+ writes a `manifest.json` too).
 * Layers may come before the manifest that names them (Docker writes `manifest.json` last), so every
 * layer-like blob is scanned as it passes and the images are put together at the end. Only JSON
 * documents and each layer's scan stay in memory, never a layer's bytes.
 */

/** One history entry of an image config (OCI image spec, `history`). */
export interface HistoryEntry {
  created?: string;
  createdBy: string;
  comment?: string;
  /** The entry made no layer (ENV, CMD, WORKDIR...). */
  emptyLayer: boolean;
}

export interface ArchiveLayer {
  /** Where the blob is in the archive (`<id>/layer.tar`, `blobs/sha256/<hex>`). */
  key: string;
  /** Uncompressed digest from the image config (`rootfs.diff_ids`). */
  diffId: string;
  /**
   * Docker's layer identity (`sha256(parent chain id + " " + diff id)`), the unit `docker system df`
   * counts as shared. Source: OCI image spec, "Layer ChainID".
   */
  chainId: string;
  /** The history entry that made the layer, when the config's history lines up with its layers. */
  history?: HistoryEntry;
  scan: LayerScan;
}

export interface ArchiveImage {
  /** Names the archive gives the image (RepoTags, or the OCI ref name annotation). */
  names: string[];
  /** The config's digest (`sha256:...`): the image id. */
  id: string;
  created?: string;
  /** Every history entry, empty ones included, oldest first. */
  history: HistoryEntry[];
  layers: ArchiveLayer[];
  config: ImageConfigJson;
}

export interface ImageConfigJson {
  created?: string;
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  rootfs?: { type?: string; diff_ids?: string[] };
  config?: Record<string, unknown>;
  architecture?: string;
  os?: string;
}

export interface ImageArchive {
  layout: 'docker' | 'oci';
  images: ArchiveImage[];
}

/** JSON documents larger than this are not manifests or configs. */
const JSON_MAX_BYTES = 8 * 1024 * 1024;

interface LegacyManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  annotations?: Record<string, string>;
}

function fail(message: string, hint?: string): StrataError {
  // An archive strata cannot read is bad input: exit code 2.
  return new StrataError('STRATA_IMAGE_ARCHIVE', message, { hint, exitCode: 2 });
}

/** Reads an archive stream to its end. Rejects with STRATA_IMAGE_ARCHIVE when it is not an image archive. */
export async function readImageArchive(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
): Promise<ImageArchive> {
  const layers = new Map<string, Promise<LayerScan>>();
  const documents = new Map<string, string>();
  const aliases = new Map<string, string>();
  const extract = tar.extract();

  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = posix.normalize(header.name.replace(/^\.\//, '')).replace(/\/$/, '');
      if (header.type === 'symlink' || header.type === 'link') {
        const target = header.linkname ?? '';
        aliases.set(
          name,
          header.type === 'symlink' ? posix.normalize(posix.join(posix.dirname(name), target)) : target,
        );
        stream.resume();
        stream.on('end', () => next());
        return;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        stream.resume();
        stream.on('end', () => next());
        return;
      }
      let head: Buffer | undefined = Buffer.alloc(0);
      let kind: 'layer' | 'json' | 'skip' | undefined;
      const jsonParts: Buffer[] = [];
      let scanner: ReturnType<typeof createLayerScanner> | undefined;
      const decide = (first: Buffer): void => {
        const compressed = sniffCompression(first) !== 'none';
        if (compressed || looksLikeTar(first)) {
          kind = 'layer';
          scanner = createLayerScanner();
          layers.set(name, scanner.result);
        } else if ((header.size ?? 0) <= JSON_MAX_BYTES) kind = 'json';
        else kind = 'skip';
      };
      const feed = (chunk: Buffer): void => {
        if (kind === 'json') jsonParts.push(chunk);
        else if (kind === 'layer' && !scanner!.sink.write(chunk)) {
          stream.pause();
          scanner!.sink.once('drain', () => stream.resume());
        }
      };
      stream.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        if (head !== undefined) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 512 && head.length < (header.size ?? 0)) return;
          const first = head;
          head = undefined;
          decide(first);
          feed(first);
          return;
        }
        feed(chunk);
      });
      stream.on('end', () => {
        if (head !== undefined) {
          decide(head);
          feed(head);
        }
        if (kind === 'json') documents.set(name, Buffer.concat(jsonParts).toString('utf8'));
        if (kind === 'layer') {
          scanner!.sink.end();
          // The next entry waits for this layer's scan: one layer at a time keeps memory flat.
          scanner!.result.then(
            () => next(),
            (e: Error) => reject(fail(`layer ${name} is not a readable tar: ${e.message}`)),
          );
          return;
        }
        next();
      });
      stream.on('error', reject);
    });
    extract.on('finish', () => resolve());
    extract.on('error', (e: Error) =>
      reject(fail(`not an image archive: ${e.message}`, 'give the output of docker save, skopeo or podman')),
    );
  });

  (async () => {
    try {
      for await (const chunk of input as AsyncIterable<Uint8Array>) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        if (!extract.write(buffer)) await new Promise<void>((r) => extract.once('drain', () => r()));
      }
      extract.end(undefined);
    } catch (e) {
      extract.destroy(e as Error);
    }
  })();
  await done;

  const scans = new Map<string, LayerScan>();
  for (const [key, p] of layers) scans.set(key, await p);
  const resolveKey = (key: string): string => {
    let k = posix.normalize(key);
    for (let i = 0; i < 8 && aliases.has(k); i++) k = aliases.get(k)!;
    return k;
  };
  const json = <T>(key: string): T | undefined => {
    const text = documents.get(resolveKey(key));
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  };

  const images: ArchiveImage[] = [];
  const legacy = json<LegacyManifestEntry[]>('manifest.json');
  if (Array.isArray(legacy)) {
    for (const entry of legacy) {
      const config = json<ImageConfigJson>(entry.Config);
      if (!config) throw fail(`config ${entry.Config} named by manifest.json is missing`);
      const id = configDigest(entry.Config);
      images.push(assemble(entry.RepoTags ?? [], id, config, entry.Layers.map(resolveKey), scans));
    }
    return { layout: documents.has('index.json') ? 'oci' : 'docker', images };
  }
  const index = json<{ manifests?: Descriptor[] }>('index.json');
  if (!index)
    throw fail(
      'no manifest.json or index.json in the archive',
      'give the output of docker save, skopeo or podman',
    );
  const blob = (digest: string): string => `blobs/${digest.replace(':', '/')}`;
  const walk = (descriptors: Descriptor[], names: string[]): void => {
    for (const d of descriptors) {
      const doc = json<{ manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] }>(
        blob(d.digest),
      );
      if (!doc) throw fail(`manifest ${d.digest} named by index.json is missing`);
      const ref =
        d.annotations?.['io.containerd.image.name'] ?? d.annotations?.['org.opencontainers.image.ref.name'];
      const here = ref ? [...names, ref] : names;
      if (doc.manifests) {
        walk(doc.manifests, here);
        continue;
      }
      if (!doc.config) continue;
      const config = json<ImageConfigJson>(blob(doc.config.digest));
      if (!config) throw fail(`config ${doc.config.digest} is missing`);
      // Attestation manifests (BuildKit provenance) have no rootfs; they are not images.
      if (!config.rootfs) continue;
      images.push(
        assemble(
          here,
          doc.config.digest,
          config,
          (doc.layers ?? []).map((l) => resolveKey(blob(l.digest))),
          scans,
        ),
      );
    }
  };
  walk(index.manifests ?? [], []);
  return { layout: 'oci', images };
}

/** `sha256:<hex>` from a legacy config path (`<hex>.json` or `blobs/sha256/<hex>`). */
function configDigest(path: string): string {
  const m = /(?:^|\/)(?:blobs\/(\w+)\/)?([0-9a-f]{64})(?:\.json)?$/.exec(path);
  return m ? `${m[1] ?? 'sha256'}:${m[2]}` : path;
}

function assemble(
  names: string[],
  id: string,
  config: ImageConfigJson,
  layerKeys: string[],
  scans: Map<string, LayerScan>,
): ArchiveImage {
  const history: HistoryEntry[] = (config.history ?? []).map((h) => ({
    ...(h.created ? { created: h.created } : {}),
    createdBy: h.created_by ?? '',
    ...(h.comment ? { comment: h.comment } : {}),
    emptyLayer: h.empty_layer === true,
  }));
  const withLayer = history.filter((h) => !h.emptyLayer);
  const lined = withLayer.length === layerKeys.length;
  const diffIds = config.rootfs?.diff_ids ?? [];
  let chain = '';
  const layers: ArchiveLayer[] = layerKeys.map((key, i) => {
    const scan = scans.get(key);
    if (!scan) throw fail(`layer ${key} is missing from the archive`);
    const diffId = diffIds[i] ?? key;
    chain = chain === '' ? diffId : sha256Text(`${chain} ${diffId}`);
    return { key, diffId, chainId: chain, ...(lined ? { history: withLayer[i] } : {}), scan };
  });
  return { names, id, ...(config.created ? { created: config.created } : {}), history, layers, config };
}

function sha256Text(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
