import type { ImageFigures } from './image-figures.js';

/**
 * What a family of images stores once, shares and duplicates: a pure function over per-image figures.
 *
 * Sharing is by layer, as the engine stores and `docker system df -v` reports it: a layer (chain id)
 * used by two or more images of the family is shared; the rest of an image is unique. Duplication is by
 * content: a file (sha256) stored in two or more different layers is duplicated, whatever its path, and
 * a shared base holding it once would save every copy but one.
 */

export interface FamilyImage {
  name: string;
  size: number;
  /** Bytes of layers no other image of the family uses (`docker system df -v` UNIQUE SIZE). */
  unique: number;
  /** Bytes of layers another image of the family uses too (`docker system df -v` SHARED SIZE). */
  shared: number;
}

export interface DuplicateGroup {
  /** packageKey() of the owner (`dpkg:python3-torch@2.1.0`), or `path:<top folders>` for unowned files. */
  key: string;
  manager?: string;
  name: string;
  version?: string;
  /** Bytes of one copy of the duplicated files. */
  bytes: number;
  files: number;
  /** Copies stored in different layers across the family. */
  copies: number;
  /** Images that hold a copy: the ones that would move onto a shared base. */
  images: string[];
  /** Bytes a shared base holding one copy would save: every stored copy but one. */
  saving: number;
}

export interface FamilyFigures {
  images: FamilyImage[];
  /** Sum of the image sizes (every layer counted once per image). */
  totalBytes: number;
  /** Bytes of distinct layers: what the engine stores. */
  storedBytes: number;
  distinctLayers: number;
  /** Bytes of content stored more than once in different layers (every copy but one). */
  duplicateBytes: number;
  duplicates: DuplicateGroup[];
  /** Pairwise bytes shared by layer: `matrix[i][j]` = bytes of layers images i and j both use. */
  sharedMatrix: number[][];
}

export interface FamilyOptions {
  /** Duplicate groups whose saving is below this are left out of the list (still counted). Default 1 MiB. */
  minSaving?: number;
}

function nameOf(image: ImageFigures): string {
  return image.names[0] ?? image.id.slice(0, 19);
}

/** The top two folders of a path, the group for files no package claims (`usr/share`). */
function pathGroup(path: string): string {
  return path.split('/').slice(0, 3).join('/');
}

export function analyseFamily(images: ImageFigures[], options: FamilyOptions = {}): FamilyFigures {
  const minSaving = options.minSaving ?? 1024 * 1024;
  const users = new Map<string, Set<number>>();
  const layerSize = new Map<string, number>();
  images.forEach((image, i) => {
    for (const l of image.layers) {
      const set = users.get(l.chainId) ?? new Set<number>();
      set.add(i);
      users.set(l.chainId, set);
      layerSize.set(l.chainId, l.size);
    }
  });
  const familyImages: FamilyImage[] = images.map((image) => {
    let shared = 0;
    const seen = new Set<string>();
    for (const l of image.layers) {
      if (seen.has(l.chainId)) continue;
      seen.add(l.chainId);
      if ((users.get(l.chainId)?.size ?? 0) > 1) shared += l.size;
    }
    return { name: nameOf(image), size: image.size, unique: image.size - shared, shared };
  });
  const sharedMatrix = images.map((_a, i) =>
    images.map((_b, j) => {
      let bytes = 0;
      for (const [chain, set] of users) if (set.has(i) && set.has(j)) bytes += layerSize.get(chain) ?? 0;
      return bytes;
    }),
  );

  // Content: hash -> layer (chain id) -> copies in that layer; each distinct layer counted once.
  interface Content {
    size: number;
    owner?: string;
    path: string;
    perLayer: Map<string, number>;
    images: Set<number>;
  }
  const contents = new Map<string, Content>();
  const counted = new Set<string>();
  images.forEach((image, i) => {
    for (const f of image.files) {
      const chain = image.layers[f.layer]!.chainId;
      const key = `${f.hash}:${f.size}`;
      let c = contents.get(key);
      if (!c) {
        c = {
          size: f.size,
          path: f.path,
          perLayer: new Map(),
          images: new Set(),
          ...(f.owner ? { owner: f.owner } : {}),
        };
        contents.set(key, c);
      }
      c.images.add(i);
      if (!c.owner && f.owner) c.owner = f.owner;
      const once = `${chain}\0${f.path}`;
      if (counted.has(once)) continue;
      counted.add(once);
      c.perLayer.set(chain, (c.perLayer.get(chain) ?? 0) + 1);
    }
  });

  const groups = new Map<string, DuplicateGroup & { imageSet: Set<number> }>();
  let duplicateBytes = 0;
  for (const c of contents.values()) {
    if (c.perLayer.size < 2) continue;
    let total = 0;
    let most = 0;
    for (const n of c.perLayer.values()) {
      total += n;
      most = Math.max(most, n);
    }
    const saving = (total - most) * c.size;
    duplicateBytes += saving;
    const key = c.owner ?? `path:${pathGroup(c.path)}`;
    let g = groups.get(key);
    if (!g) {
      const pkg = /^(\w+):(.+)@(.*)$/.exec(key);
      g = {
        key,
        ...(pkg ? { manager: pkg[1]!, version: pkg[3]! } : {}),
        name: pkg ? pkg[2]! : pathGroup(c.path),
        bytes: 0,
        files: 0,
        copies: 0,
        images: [],
        saving: 0,
        imageSet: new Set(),
      };
      groups.set(key, g);
    }
    g.bytes += c.size * most;
    g.files += most;
    g.copies = Math.max(g.copies, c.perLayer.size);
    g.saving += saving;
    for (const i of c.images) g.imageSet.add(i);
  }
  const duplicates = [...groups.values()]
    .filter((g) => g.saving >= minSaving)
    .map(({ imageSet, ...g }) => ({
      ...g,
      images: [...imageSet].sort((a, b) => a - b).map((i) => familyImages[i]!.name),
    }))
    .sort((a, b) => b.saving - a.saving);

  const storedBytes = [...layerSize.values()].reduce((s, n) => s + n, 0);
  return {
    images: familyImages,
    totalBytes: familyImages.reduce((s, i) => s + i.size, 0),
    storedBytes,
    distinctLayers: layerSize.size,
    duplicateBytes,
    duplicates,
    sharedMatrix,
  };
}
