import type { BuildTimes } from '../analyse/build-time.js';
import type { DockerfileLine } from '../analyse/dockerfile-lines.js';
import type { Analysis, DuplicateGroup, FamilyImage, PathFigure, WastedPath } from '../analyse/index.js';
import type { BudgetCheck } from './budgets.js';

/**
 * The report as data: what `strata report --json` prints (schema: docs/report-json.md) and what the
 * text, HTML and Markdown renderers read. Built by a pure function from an analysis, build times and
 * budget checks.
 */

export const REPORT_JSON_VERSION = 1;

export interface ReportPackage {
  manager: string;
  name: string;
  version: string;
  bytes: number;
}

export interface ReportLayer {
  index: number;
  diffId: string;
  size: number;
  instruction?: string;
  dockerfile?: DockerfileLine;
  created?: string;
  reclaimable: number;
  packages: ReportPackage[];
}

export interface ReportImage {
  name: string;
  names: string[];
  id: string;
  created?: string;
  size: number;
  reclaimable: number;
  /** 0-100. */
  reclaimablePercent: number;
  /** dive's efficiency: 1 - reclaimable / size. */
  efficiency: number;
  userReclaimable: number;
  layers: ReportLayer[];
  biggestFiles: PathFigure[];
  biggestDirs: PathFigure[];
  wasted: WastedPath[];
  packages: (ReportPackage & { layer: number })[];
}

export interface ReportJson {
  version: typeof REPORT_JSON_VERSION;
  layout: 'docker' | 'oci';
  images: ReportImage[];
  family: {
    totalBytes: number;
    storedBytes: number;
    distinctLayers: number;
    duplicateBytes: number;
    images: FamilyImage[];
    duplicates: DuplicateGroup[];
    sharing: { images: string[]; bytes: number[][] };
  };
  buildTimes?: BuildTimes;
  budgets: BudgetCheck[];
  /** No budget failed. */
  ok: boolean;
}

export interface ReportInput {
  analysis: Analysis;
  budgets?: BudgetCheck[];
  times?: BuildTimes;
  /** Dockerfile lines per image name, one per layer. */
  lines?: Map<string, (DockerfileLine | undefined)[]>;
  /** Packages listed per image (default 30). */
  topPackages?: number;
}

export function buildReport(input: ReportInput): ReportJson {
  const { analysis } = input;
  const topPackages = input.topPackages ?? 30;
  const images: ReportImage[] = analysis.images.map((image) => {
    const name = image.names[0] ?? image.id;
    const lines = input.lines?.get(name);
    return {
      name,
      names: image.names,
      id: image.id,
      ...(image.created ? { created: image.created } : {}),
      size: image.size,
      reclaimable: image.reclaimable,
      reclaimablePercent: image.reclaimableRatio * 100,
      efficiency: 1 - image.reclaimableRatio,
      userReclaimable: image.userReclaimable,
      layers: image.layers.map((l) => {
        const line = lines?.[l.index];
        return {
          index: l.index,
          diffId: l.diffId,
          size: l.size,
          ...(l.instruction ? { instruction: l.instruction } : {}),
          ...(line ? { dockerfile: line } : {}),
          ...(l.created ? { created: l.created } : {}),
          reclaimable: l.reclaimable,
          packages: l.packages.slice(0, topPackages).map((p) => ({ ...p.id, bytes: p.bytes })),
        };
      }),
      biggestFiles: image.biggestFiles,
      biggestDirs: image.biggestDirs,
      wasted: image.wasted,
      packages: image.packages
        .slice(0, topPackages)
        .map((p) => ({ ...p.id, bytes: p.bytes, layer: p.layer })),
    };
  });
  const family = analysis.family;
  const budgets = input.budgets ?? [];
  return {
    version: REPORT_JSON_VERSION,
    layout: analysis.layout,
    images,
    family: {
      totalBytes: family.totalBytes,
      storedBytes: family.storedBytes,
      distinctLayers: family.distinctLayers,
      duplicateBytes: family.duplicateBytes,
      images: family.images,
      duplicates: family.duplicates,
      sharing: { images: family.images.map((i) => i.name), bytes: family.sharedMatrix },
    },
    ...(input.times ? { buildTimes: input.times } : {}),
    budgets,
    ok: budgets.every((b) => b.ok),
  };
}
