import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { analyseBuildTimes, type BuildTimes } from '../analyse/build-time.js';
import { type DockerfileLine, dockerfileLines } from '../analyse/dockerfile-lines.js';
import {
  type AnalyseOptions,
  type Analysis,
  analyseArchive,
  analyseEngineImages,
  analyseFamily,
  type ImageFigures,
} from '../analyse/index.js';
import { loadStrataConfig } from '../discover/index.js';
import type { EngineClient } from '../engine/types.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { StrataError, UsageError } from '../model/errors.js';
import type { Image } from '../model/graph.js';
import { scanRepository } from '../scan.js';
import { readHistory } from '../state/index.js';
import { type Budgets, checkBudgets, parseReportConfig } from './budgets.js';
import { buildReport, type ReportJson } from './report.js';

export {
  type BudgetCheck,
  type Budgets,
  checkBudgets,
  type ImageBudget,
  parseDuration,
  parseReportConfig,
  parseSize,
} from './budgets.js';
export { renderReportHtml } from './html.js';
export { renderFamilyDocs } from './markdown.js';
export {
  buildReport,
  REPORT_JSON_VERSION,
  type ReportImage,
  type ReportInput,
  type ReportJson,
} from './report.js';
export { describeBudget, renderBudgetAnnotations, renderReportText } from './text.js';

export interface CreateReportOptions {
  /** Repository root: strata.yaml (budgets), .strata/history.jsonl, the Dockerfiles. Default `.`. */
  root?: string;
  /**
   * Image refs to report on; default: every image of the family the engine holds a tag of (or every
   * image of the archive). With `archive`, only the archive's images by these names.
   */
  refs?: string[];
  /** Read an image archive file (docker save, skopeo/podman oci-archive) instead of the engine. */
  archive?: string;
  /** Required unless `archive` is given. */
  engine?: EngineClient;
  /** Build runs read for times (default 10). */
  historyRuns?: number;
  /** Budgets to use instead of strata.yaml's. */
  budgets?: Budgets;
  analyse?: AnalyseOptions;
}

export interface CreatedReport {
  report: ReportJson;
  analysis: Analysis;
  /** Images of the family as the scan found them, by the ref reported on. */
  family: Map<string, Image>;
  /** Problems with strata.yaml's report section, or with the scan. An `error` one (a bad or unknown budget) means a budget is missing: the CLI exits 2. */
  diagnostics: Diagnostic[];
}

/** The name a tag is reported under: `app:latest` and `app` are the same image. */
function sameRef(a: string, b: string): boolean {
  const n = (r: string) => (/:[^/]+$/.test(r) || r.includes('@') ? r : `${r}:latest`);
  return n(a) === n(b);
}

/**
 * The images of an archive named by `refs`, in that order, with the family figures of those alone.
 * Throws StrataError STRATA_IMAGE_MISSING (exit code 2) when the archive holds no image by a ref.
 */
function selectImages(analysis: Analysis, refs: string[], file: string, options?: AnalyseOptions): Analysis {
  const images: ImageFigures[] = [];
  const missing: string[] = [];
  for (const ref of refs) {
    const hit = analysis.images.find((i) => i.names.some((n) => sameRef(n, ref)));
    if (!hit) missing.push(ref);
    else if (!images.includes(hit))
      images.push({ ...hit, names: [ref, ...hit.names.filter((n) => n !== ref)] });
  }
  if (missing.length > 0) {
    const held = analysis.images.flatMap((i) => i.names);
    throw new StrataError('STRATA_IMAGE_MISSING', `no such image in ${file}: ${missing.join(', ')}`, {
      hint:
        held.length > 0 ? `it holds ${held.join(', ')}` : 'the archive names no image; leave the names out',
      exitCode: 2,
    });
  }
  return { ...analysis, images, family: analyseFamily(images, options) };
}

/**
 * Everything `strata report` shows, as data: the images (from the engine through one streamed `docker
 * save`, or from an archive file), the family, build times from history, Dockerfile lines and budgets.
 * Throws UsageError when there is nothing to report on, EngineError when the engine cannot export,
 * StrataError STRATA_IMAGE_ARCHIVE (exit code 2) when the archive is missing or not an image archive,
 * STRATA_IMAGE_MISSING (exit code 2) when the engine holds no image by a ref given.
 */
export async function createReport(options: CreateReportOptions): Promise<CreatedReport> {
  const root = path.resolve(options.root ?? '.');
  const diagnostics: Diagnostic[] = [];
  const config = await loadStrataConfig(root);
  diagnostics.push(...config.diagnostics);
  const parsed = parseReportConfig(config.config.report, config.file ?? 'strata.yaml');
  diagnostics.push(...parsed.diagnostics);
  const budgets = options.budgets ?? parsed.budgets;

  const scanned = await scanRepository(root).catch((e: unknown) => {
    if (e instanceof StrataError) {
      diagnostics.push(diagnostic(e.code, 'warning', e.message));
      return undefined;
    }
    throw e;
  });
  const graphImages = scanned?.graph.images ?? [];

  let refs = options.refs ?? [];
  let analysis: Analysis;
  if (options.archive) {
    const file = options.archive;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile())
      throw new StrataError(
        'STRATA_IMAGE_ARCHIVE',
        info ? `${file} is not a file` : `${file} does not exist`,
        { hint: 'give the file docker save, skopeo or podman wrote', exitCode: 2 },
      );
    analysis = await analyseArchive(createReadStream(file), options.analyse);
    if (refs.length > 0) analysis = selectImages(analysis, refs, file, options.analyse);
  } else {
    const engine = options.engine;
    if (!engine)
      throw new UsageError('no engine to read images from', 'give an archive file or start the engine');
    if (refs.length === 0) {
      const candidates = graphImages.map((i) => i.tags[0]).filter((t): t is string => t !== undefined);
      const present = engine.inspectImages ? await engine.inspectImages(candidates) : new Map();
      refs = candidates.filter((t) => present.get(t) !== undefined);
      const leftOut = [
        ...graphImages.filter((i) => i.tags.length === 0).map((i) => `${i.id} (no tag)`),
        ...candidates.filter((t) => present.get(t) === undefined).map((t) => `${t} (not in the engine)`),
      ];
      if (leftOut.length > 0 && refs.length > 0)
        diagnostics.push(
          diagnostic('STRATA_REPORT_LEFT_OUT', 'info', `left out of the report: ${leftOut.join(', ')}`, {
            hint: 'build them (strata build), or name images: strata report IMAGE...',
          }),
        );
      if (refs.length === 0) {
        throw new UsageError(
          `no image of the family in ${root} is in the engine`,
          'build it first (strata build), or name images: strata report IMAGE...',
        );
      }
    }
    analysis = await analyseEngineImages(engine, refs, options.analyse);
  }

  const family = new Map<string, Image>();
  const lines = new Map<string, (DockerfileLine | undefined)[]>();
  for (const image of analysis.images) {
    const name = image.names[0] ?? image.id;
    const match = graphImages.find((g) => g.tags.some((t) => image.names.some((n) => sameRef(n, t))));
    if (!match) continue;
    family.set(name, match);
    if (match.resolved) {
      lines.set(
        name,
        dockerfileLines(
          image.layers.map((l) => l.instruction),
          match.resolved,
        ),
      );
    }
  }

  let times: BuildTimes | undefined;
  const runs = await readHistory(root, options.historyRuns ?? 10);
  if (runs.length > 0) times = analyseBuildTimes(runs);
  const checks = checkBudgets(analysis, budgets, times);
  return {
    report: buildReport({ analysis, budgets: checks, ...(times ? { times } : {}), lines }),
    analysis,
    family,
    diagnostics,
  };
}
