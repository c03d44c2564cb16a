import type { EngineClient } from '../engine/types.js';
import { EngineError, StrataError } from '../model/errors.js';
import { analyseFamily, type FamilyFigures, type FamilyOptions } from './family.js';
import { readImageArchive } from './image-archive.js';
import { type AnalyseImageOptions, analyseImage, type ImageFigures } from './image-figures.js';

export type { DuplicateGroup, FamilyFigures, FamilyImage, FamilyOptions } from './family.js';
export { analyseFamily } from './family.js';
export type {
  ArchiveImage,
  ArchiveLayer,
  HistoryEntry,
  ImageArchive,
  ImageConfigJson,
} from './image-archive.js';
export { readImageArchive } from './image-archive.js';
export type {
  AnalyseImageOptions,
  ImageFigures,
  LayerFigures,
  LayerPackage,
  PathFigure,
  VisibleFile,
  WastedPath,
} from './image-figures.js';
export { analyseImage, instructionOf } from './image-figures.js';
export type { EntryKind, LayerCompression, LayerEntry, LayerScan } from './layer-scan.js';
export { type PackageId, type PackageManager, packageKey } from './packages.js';

export interface Analysis {
  /** The archive's layout: `docker` (Docker <= 24) or `oci` (Docker 25+, skopeo, podman). */
  layout: 'docker' | 'oci';
  images: ImageFigures[];
  family: FamilyFigures;
}

export type AnalyseOptions = AnalyseImageOptions & FamilyOptions;

/** Analyses an image archive stream (a `docker save` output, an OCI archive file) in one pass. */
export async function analyseArchive(
  input: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  options: AnalyseOptions = {},
): Promise<Analysis> {
  const archive = await readImageArchive(input);
  const images = archive.images.map((image) => analyseImage(image, options));
  return { layout: archive.layout, images, family: analyseFamily(images, options) };
}

/**
 * Analyses images the engine holds: one `docker save` of all of them, streamed (layers the images
 * share are exported once). Images are named by the refs given, in that order.
 * Throws EngineError STRATA_ENGINE_SAVE when the engine cannot export them, StrataError
 * STRATA_IMAGE_MISSING (exit code 2) when the engine holds no image by a ref given.
 */
export async function analyseEngineImages(
  engine: EngineClient,
  refs: string[],
  options: AnalyseOptions = {},
): Promise<Analysis> {
  if (!engine.saveImages)
    throw new EngineError('STRATA_ENGINE_SAVE', 'this engine client cannot export images');
  const details = engine.inspectImages ? await engine.inspectImages(refs) : undefined;
  const missing = refs.filter((r) => details && details.get(r) === undefined);
  if (missing.length > 0) {
    // A name the engine does not hold is bad input (exit code 2), not an engine failure.
    throw new StrataError('STRATA_IMAGE_MISSING', `no such image in the engine: ${missing.join(', ')}`, {
      hint: 'build it first (strata build) or give a tag `docker images` lists',
      exitCode: 2,
    });
  }
  const save = await engine.saveImages(refs);
  const reading = analyseArchive(save.stdout, options).catch((e: unknown) => {
    save.stop();
    return e;
  });
  const [result, exit] = await Promise.all([reading, save.done]);
  if (exit.code !== 0 && !(result instanceof Error)) {
    const detail = exit.stderr.trim().split('\n').pop() ?? `exit code ${exit.code}`;
    throw new EngineError('STRATA_ENGINE_SAVE', `docker save ${refs.join(' ')}: ${detail}`);
  }
  if (result instanceof Error) throw result;
  const analysis = result as Analysis;
  // Name each image by the ref it was asked for, in the order asked.
  const ordered: ImageFigures[] = [];
  for (const ref of refs) {
    const id = details?.get(ref)?.id;
    const hit = analysis.images.find((i) => (id && i.id === id) || i.names.includes(ref));
    if (hit && !ordered.includes(hit))
      ordered.push({ ...hit, names: [ref, ...hit.names.filter((n) => n !== ref)] });
  }
  for (const i of analysis.images) if (!ordered.some((o) => o.id === i.id)) ordered.push(i);
  return { ...analysis, images: ordered, family: analyseFamily(ordered, options) };
}
