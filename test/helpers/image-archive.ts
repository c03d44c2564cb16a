import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/**
 * Small image archives made in memory for the image reader's tests: layers as entry lists, packed with
 * tar-stream in the legacy `docker save` layout or the OCI image layout.
 */

export type FixtureEntry =
  | { path: string; content: string | Buffer }
  | { path: string; dir: true }
  | { path: string; symlink: string }
  | { path: string; hardlink: string };

export interface FixtureLayer {
  entries: FixtureEntry[];
  /** The history `created_by` of the layer. */
  createdBy?: string;
  /** gzip the blob (OCI layout only). `raw` replaces the blob with given bytes (a zstd fixture). */
  compress?: 'gzip';
  raw?: Buffer;
}

export interface FixtureImage {
  name: string;
  layers: FixtureLayer[];
  /** History entries without a layer, inserted before the layer of the same index. */
  emptyBefore?: Record<number, string>;
}

/** A tar of the given entries. */
export async function tarOf(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((r) => pack.on('end', () => r()));
  // A fixed mtime: the same entries always pack to the same bytes, so a layer two images use is one blob.
  const mtime = new Date(0);
  for (const e of entries) {
    if ('content' in e) {
      const body = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content);
      pack.entry({ name: e.path, size: body.length, mtime }, body);
    } else if ('dir' in e) pack.entry({ name: e.path, type: 'directory', mtime });
    else if ('symlink' in e) pack.entry({ name: e.path, type: 'symlink', linkname: e.symlink, mtime });
    else pack.entry({ name: e.path, type: 'link', linkname: e.hardlink, mtime });
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

interface Built {
  diffIds: string[];
  blobs: { hex: string; body: Buffer; compressed: boolean }[];
  config: Buffer;
}

async function build(image: FixtureImage): Promise<Built> {
  const diffIds: string[] = [];
  const blobs: Built['blobs'] = [];
  const history: { created_by: string; empty_layer?: boolean }[] = [];
  for (const [i, layer] of image.layers.entries()) {
    const empty = image.emptyBefore?.[i];
    if (empty) history.push({ created_by: empty, empty_layer: true });
    const plain = await tarOf(layer.entries);
    diffIds.push(`sha256:${sha(plain)}`);
    const body = layer.raw ?? (layer.compress === 'gzip' ? gzipSync(plain) : plain);
    blobs.push({ hex: sha(body), body, compressed: body !== plain });
    history.push({ created_by: layer.createdBy ?? `RUN /bin/sh -c step ${i} # buildkit` });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '2026-01-01T00:00:00Z',
      history,
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  return { diffIds, blobs, config };
}

async function packArchive(files: { name: string; body: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((r) => pack.on('end', () => r()));
  for (const f of files) pack.entry({ name: f.name, size: f.body.length, mtime: new Date(0) }, f.body);
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The legacy `docker save` layout: layers first, `manifest.json` last (as Docker writes it). */
export async function legacyArchive(images: FixtureImage[]): Promise<Buffer> {
  const files = new Map<string, Buffer>();
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  for (const image of images) {
    const built = await build(image);
    const layers = built.blobs.map((b) => {
      files.set(`${b.hex}/layer.tar`, b.body);
      return `${b.hex}/layer.tar`;
    });
    const configName = `${sha(built.config)}.json`;
    files.set(configName, built.config);
    manifest.push({ Config: configName, RepoTags: [image.name], Layers: layers });
  }
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return packArchive([...files].map(([name, body]) => ({ name, body })));
}

/** The OCI image layout (skopeo/podman oci-archive, Docker 25+ without its manifest.json). */
export async function ociArchive(images: FixtureImage[]): Promise<Buffer> {
  const files = new Map<string, Buffer>();
  const index: { mediaType: string; digest: string; size: number; annotations: Record<string, string> }[] =
    [];
  for (const image of images) {
    const built = await build(image);
    const layers = built.blobs.map((b) => {
      files.set(`blobs/sha256/${b.hex}`, b.body);
      return {
        mediaType: `application/vnd.oci.image.layer.v1.tar${b.compressed ? '+gzip' : ''}`,
        digest: `sha256:${b.hex}`,
        size: b.body.length,
      };
    });
    files.set(`blobs/sha256/${sha(built.config)}`, built.config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: `sha256:${sha(built.config)}`,
        },
        layers,
      }),
    );
    files.set(`blobs/sha256/${sha(manifest)}`, manifest);
    index.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: `sha256:${sha(manifest)}`,
      size: manifest.length,
      annotations: { 'org.opencontainers.image.ref.name': image.name },
    });
  }
  files.set('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  files.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: index })));
  return packArchive([...files].map(([name, body]) => ({ name, body })));
}

/** A stream of a buffer in small chunks, as a pipe would hand it over. */
export async function* chunked(buffer: Buffer, size = 4096): AsyncIterable<Uint8Array> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}
