import type { ArchiveImage, ArchiveLayer, HistoryEntry } from './image-archive.js';
import {
  npmPackageDir,
  type PackageId,
  type PackageRecord,
  packageKey,
  parseDpkgStatus,
  parsePackageMetadata,
} from './packages.js';

/**
 * What one image weighs, layer by layer: a pure function over the layer scans of an image archive.
 * The layers are stacked as overlay2 stacks them (a later file replaces an earlier one; a whiteout
 * deletes a path and everything under it; an opaque marker hides what lower layers put in its folder).
 */

export interface LayerPackage {
  id: PackageId;
  /** Bytes of the package's files that this layer wrote. */
  bytes: number;
}

export interface LayerFigures {
  index: number;
  diffId: string;
  chainId: string;
  /** Bytes as `docker history` shows them (see engineLayerSize). */
  size: number;
  /** The instruction that made the layer (`RUN apt-get install ...`), from the config's history. */
  instruction?: string;
  created?: string;
  /** Files, links and folders in the layer's tar. */
  entries: number;
  /** Bytes this layer wrote that a later layer replaced or deleted. */
  reclaimable: number;
  /** Packages whose metadata this layer added or changed, with the bytes of their files in this layer. */
  packages: LayerPackage[];
}

export interface PathFigure {
  path: string;
  bytes: number;
  /** The layer that wrote the visible file (files only). */
  layer?: number;
}

export interface WastedPath {
  path: string;
  /** Bytes of the copies no longer visible. */
  bytes: number;
  /** How many copies the layers hold, the visible one included. */
  copies: number;
  /** The path is gone from the final file system. */
  deleted: boolean;
}

/** A file visible in the final image, as the family analysis needs it. */
export interface VisibleFile {
  path: string;
  size: number;
  hash: string;
  /** Index of the layer that holds the visible copy. */
  layer: number;
  /** packageKey() of its owner, when a package manager claims it. */
  owner?: string;
}

export interface ImageFigures {
  names: string[];
  id: string;
  created?: string;
  /** Sum of the layer sizes: `docker image inspect .Size`, `docker images` SIZE. */
  size: number;
  layers: LayerFigures[];
  /**
   * Bytes that later layers replaced or deleted: every stored copy of a path minus the copy the final
   * file system shows (a file written in one layer and overwritten in the next counts once, not twice).
   */
  reclaimable: number;
  /** reclaimable / size, 0 for an empty image. */
  reclaimableRatio: number;
  /** Reclaimable bytes in the layers after the first (the base image's own waste left out). */
  userReclaimable: number;
  wasted: WastedPath[];
  biggestFiles: PathFigure[];
  biggestDirs: PathFigure[];
  /** Every package of the final image with the bytes of its visible files. */
  packages: { id: PackageId; bytes: number; layer: number }[];
  /** Visible regular files with content, for the family's duplicate analysis. */
  files: VisibleFile[];
}

interface Node {
  children?: Map<string, Node>;
  /** The visible version of a non-directory path. */
  file?: { size: number; hash?: string; layer: number; kind: string };
  /** Sizes of copies of this path that were replaced or deleted. */
  lost?: number;
  copies?: number;
}

const PYCACHE = /^(.*)\/__pycache__\/([^/.]+)\.[^/]*\.pyc$/;

export interface AnalyseImageOptions {
  /** How many biggest files, folders and wasted paths to list. Default 20. */
  top?: number;
}

/** Shortens a config history `created_by` to the Dockerfile instruction it came from. */
export function instructionOf(entry: HistoryEntry | undefined): string | undefined {
  if (!entry) return undefined;
  let text = entry.createdBy.trim().replace(/\s*# buildkit$/, '');
  if (text === '') return entry.comment ? entry.comment : undefined;
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
  if (nop) return nop[1]!.trim();
  const run = /^(?:RUN )?(?:\|\d+ (?:\S+=\S* )*)?(\/bin\/sh -c .*)$/s.exec(text);
  if (run) text = run[1]!;
  const sh = /^\/bin\/sh -c (.*)$/s.exec(text);
  if (sh) return `RUN ${sh[1]!}`;
  return text;
}

export function analyseImage(image: ArchiveImage, options: AnalyseImageOptions = {}): ImageFigures {
  const top = options.top ?? 20;
  const root: Node = { children: new Map() };
  const wastedByPath = new Map<string, WastedPath>();
  const layerWaste: number[] = image.layers.map(() => 0);

  const lookup = (path: string, create: boolean): Node | undefined => {
    if (path === '') return root;
    let node = root;
    for (const part of path.split('/')) {
      let next = node.children?.get(part);
      if (!next) {
        if (!create) return undefined;
        next = {};
        node.children ??= new Map();
        node.children.set(part, next);
      }
      node = next;
    }
    return node;
  };
  const waste = (path: string, node: Node, deleted: boolean): void => {
    const f = node.file;
    if (!f) return;
    layerWaste[f.layer] = (layerWaste[f.layer] ?? 0) + f.size;
    const w = wastedByPath.get(path) ?? { path, bytes: 0, copies: 0, deleted };
    w.bytes += f.size;
    w.copies += 1;
    w.deleted = deleted;
    wastedByPath.set(path, w);
    node.file = undefined;
  };
  const removeTree = (path: string, node: Node): void => {
    waste(path, node, true);
    if (node.children) {
      for (const [name, child] of node.children) removeTree(path === '' ? name : `${path}/${name}`, child);
      node.children = undefined;
    }
  };

  image.layers.forEach((layer, index) => {
    for (const e of layer.scan.entries) {
      if (e.kind === 'whiteout') {
        const node = lookup(e.path, false);
        if (node) removeTree(e.path, node);
        const slash = e.path.lastIndexOf('/');
        const parent = lookup(slash < 0 ? '' : e.path.slice(0, slash), false);
        parent?.children?.delete(e.path.slice(slash + 1));
        continue;
      }
      if (e.kind === 'opaque') {
        const node = lookup(e.path, true)!;
        if (node.children) {
          // Only what lower layers put there is hidden; this layer's own entries come after in any order,
          // so they are marked by layer below.
          for (const [name, child] of [...node.children]) {
            if (!ownedBy(child, index)) {
              removeTree(e.path === '' ? name : `${e.path}/${name}`, child);
              node.children.delete(name);
            }
          }
        }
        continue;
      }
      const node = lookup(e.path, true)!;
      if (e.kind === 'dir') {
        if (node.file) waste(e.path, node, false);
        continue;
      }
      if (node.file) waste(e.path, node, false);
      if (node.children) removeTree(e.path, node);
      const hashSource = e.kind === 'hardlink' ? lookup(e.link ?? '', false)?.file : undefined;
      node.file = {
        size: e.kind === 'file' ? e.size : e.kind === 'symlink' ? Buffer.byteLength(e.link ?? '') : 0,
        ...(e.hash ? { hash: e.hash } : hashSource?.hash ? { hash: hashSource.hash } : {}),
        layer: index,
        kind: e.kind,
      };
      if (e.kind === 'hardlink') node.file.size = 0;
    }
  });

  // Packages: metadata read layer by layer (a later copy of a metadata file replaces the earlier one).
  const owners = new Map<string, string>();
  const npmOwners = new Map<string, string>();
  const ids = new Map<string, { id: PackageId; layer: number; source: string }>();
  const layerPackages: Map<string, LayerPackage>[] = image.layers.map(() => new Map());
  let dpkgVersions = new Map<string, string>();
  image.layers.forEach((layer, index) => {
    const status = layer.scan.metadata.get('var/lib/dpkg/status');
    const before = dpkgVersions;
    if (status !== undefined) dpkgVersions = parseDpkgStatus(status);
    const records: PackageRecord[] = [];
    for (const [path, text] of layer.scan.metadata) {
      if (path === 'var/lib/dpkg/status') continue;
      const record = parsePackageMetadata(path, text, dpkgVersions);
      if (record) records.push(record);
    }
    for (const record of records) {
      const key = packageKey(record.id);
      const unchanged = record.id.manager === 'dpkg' && before.get(record.id.name) === record.id.version;
      if (!ids.has(key)) ids.set(key, { id: record.id, layer: index, source: record.source });
      if (record.prefix) npmOwners.set(record.prefix, key);
      for (const f of record.files) owners.set(f, key);
      // A .list rewritten without a version change (a reinstall) adds no package.
      if (!unchanged) layerPackages[index]!.set(key, { id: record.id, bytes: 0 });
    }
  });
  const ownerOf = (path: string): string | undefined => {
    const direct = owners.get(path);
    if (direct) return direct;
    // Byte code compiled at install time (Debian's py3compile, pip) belongs to its source file's package.
    const pyc = PYCACHE.exec(path);
    if (pyc) {
      const source = owners.get(`${pyc[1]}/${pyc[2]}.py`);
      if (source) return source;
    }
    const dir = npmPackageDir(path);
    return dir ? npmOwners.get(dir) : undefined;
  };
  image.layers.forEach((layer, index) => {
    const here = layerPackages[index]!;
    if (here.size === 0) return;
    for (const e of layer.scan.entries) {
      if (e.kind !== 'file') continue;
      const owner = ownerOf(e.path);
      const p = owner ? here.get(owner) : undefined;
      if (p) p.bytes += e.size;
    }
  });

  // Visible files, biggest files and folders, package totals.
  const files: VisibleFile[] = [];
  const dirTotals = new Map<string, number>();
  const packageBytes = new Map<string, number>();
  const walk = (path: string, node: Node, depth: number): number => {
    let total = 0;
    if (node.file) {
      total += node.file.size;
      if (node.file.kind === 'file' && node.file.hash && node.file.size > 0) {
        const owner = ownerOf(path);
        files.push({
          path,
          size: node.file.size,
          hash: node.file.hash,
          layer: node.file.layer,
          ...(owner ? { owner } : {}),
        });
        if (owner) packageBytes.set(owner, (packageBytes.get(owner) ?? 0) + node.file.size);
      }
    }
    if (node.children) {
      for (const [name, child] of node.children) {
        total += walk(path === '' ? name : `${path}/${name}`, child, depth + 1);
      }
      if (path !== '' && depth <= 4) dirTotals.set(path, total);
    }
    return total;
  };
  walk('', root, 0);

  const layerSizes = image.layers.map(engineLayerSize);
  const size = layerSizes.reduce((s, n) => s + n, 0);
  const reclaimable = layerWaste.reduce((s, n) => s + n, 0);
  const layers: LayerFigures[] = image.layers.map((l: ArchiveLayer, index) => {
    const instruction = instructionOf(l.history);
    return {
      index,
      diffId: l.diffId,
      chainId: l.chainId,
      size: layerSizes[index]!,
      ...(instruction ? { instruction } : {}),
      ...(l.history?.created ? { created: l.history.created } : {}),
      entries: l.scan.entries.length,
      reclaimable: layerWaste[index] ?? 0,
      packages: [...layerPackages[index]!.values()].sort((a, b) => b.bytes - a.bytes),
    };
  });
  // `copies` counts the copy the final file system shows too (docs/report-json.md): a path written and
  // overwritten is stored twice.
  for (const w of wastedByPath.values()) {
    if (lookup(w.path, false)?.file) {
      w.copies += 1;
      w.deleted = false;
    }
  }
  const biggest = <T extends { bytes: number }>(list: T[]): T[] =>
    list.sort((a, b) => b.bytes - a.bytes).slice(0, top);
  return {
    names: image.names,
    id: image.id,
    ...(image.created ? { created: image.created } : {}),
    size,
    layers,
    reclaimable,
    reclaimableRatio: size === 0 ? 0 : reclaimable / size,
    userReclaimable: reclaimable - (layerWaste[0] ?? 0),
    wasted: biggest([...wastedByPath.values()]),
    biggestFiles: biggest(files.map((f) => ({ path: f.path, bytes: f.size, layer: f.layer }))),
    biggestDirs: biggest([...dirTotals].map(([path, bytes]) => ({ path, bytes }))),
    packages: [...ids]
      .filter(([, v]) => lookup(v.source, false)?.file !== undefined)
      .map(([key, v]) => ({ id: v.id, bytes: packageBytes.get(key) ?? 0, layer: v.layer }))
      .sort((a, b) => b.bytes - a.bytes),
    files,
  };
}

/**
 * A layer's size as the engine records it (`docker history`): BuildKit-made layers (history ending in
 * `# buildkit`) are sized by their file content, layers registered from a tar (import, pull, load, the
 * classic builder) as they lie on disk, symbolic links included. See LayerScan.
 */
export function engineLayerSize(layer: ArchiveLayer): number {
  const buildkit = /# buildkit$/.test(layer.history?.createdBy.trim() ?? '');
  return buildkit ? layer.scan.fileBytes : layer.scan.fileBytes + layer.scan.symlinkBytes;
}

/** True when every file under the node (or the node itself) was written by this layer. */
function ownedBy(node: Node, layer: number): boolean {
  if (node.file && node.file.layer !== layer) return false;
  if (node.children) for (const child of node.children.values()) if (!ownedBy(child, layer)) return false;
  return node.file !== undefined || node.children !== undefined;
}
