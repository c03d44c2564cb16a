import { parseStepLabel } from '../engine/progress/plain.js';
import type { BuildOutcome } from '../engine/types.js';
import type { Image, ImageGraph } from '../model/graph.js';

/**
 * Why an image failed, from its BuildOutcome: the failing instruction, the last lines of its log and
 * hints for causes seen again and again (a package the base distro lacks, a pip build that needs torch
 * first, a full disk, a base image nothing builds and no registry has, an interactive prompt).
 * Pure functions over log text; the facts that need the engine (the base's os-release, its package
 * names) come in through `DiagnoseContext`, gathered by probe.ts.
 */

export interface DiagnosisHint {
  code: string;
  message: string;
  /** Further lines (similar packages, the image that builds a base). */
  detail?: string[];
}

export interface Diagnosis {
  kind: 'error' | 'stalled' | 'prompt' | 'interrupted';
  /** One line: what went wrong. */
  summary: string;
  /** The failing instruction (`[3/4] RUN apt-get install -y libwebp6`). */
  instruction?: string;
  lastLines: string[];
  hints: DiagnosisHint[];
}

export interface DistroInfo {
  id: string;
  versionId?: string;
  codename?: string;
  prettyName?: string;
}

export interface DiagnoseContext {
  graph?: ImageGraph;
  /** The image that failed (to find its parents in the graph). */
  imageId?: string;
  /** The failing stage's base distro, from its /etc/os-release. */
  distro?: DistroInfo;
  /** Package names the base's apt knows, by missing package. */
  knownPackages?: Record<string, string[]>;
}

const LAST_LINES = 15;

/** Log lines without BuildKit's `#N 1.234 ` prefix, status and summary noise dropped. */
export function cleanLogLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const m = raw.match(/^#\d+ (?:\d+\.\d+ ?)?(.*)$/);
    const text = (m ? (m[1] ?? '') : raw).trimEnd();
    if (/^sha256:[0-9a-f]{64}$|^(DONE|CACHED|CANCELED|\.\.\.)( |$)|^------$|^ > \[/.test(text)) continue;
    if (/^\[(\w+ )?\d+\/\d+\] |^\[internal\] /.test(text)) continue;
    if (text.trim() === '') continue;
    out.push(text);
  }
  return out;
}

/** `E: Unable to locate package X`, `E: Package 'X' has no installation candidate`. */
export function findMissingPackages(lines: string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) {
    const m =
      line.match(/Unable to locate package ([\w.+:-]+)/) ??
      line.match(/Package '([\w.+:-]+)' has no installation candidate/) ??
      line.match(/E: Couldn't find any package by (?:glob|regex) '([^']+)'/);
    if (m?.[1]) found.add(m[1]);
  }
  return [...found];
}

/** The distro release apt fetched from (`Get:1 http://mirror.example/debian bookworm InRelease`). */
export function distroFromLog(lines: string[]): DistroInfo | undefined {
  for (const line of lines) {
    const m = line.match(
      /(?:Get|Hit|Ign):\d+ https?:\/\/\S*?\b(debian|ubuntu)\S*\s+([a-z]+)(?:-[a-z]+)?\s+(?:In)?Release/,
    );
    if (m?.[1] && m[2]) return { id: m[1], codename: m[2] };
  }
  return undefined;
}

/** Parses /etc/os-release text. */
export function parseOsRelease(text: string): DistroInfo | undefined {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = line.match(/^([A-Z_]+)=(.*)$/);
    if (m?.[1]) values[m[1]] = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  if (!values.ID) return undefined;
  const info: DistroInfo = { id: values.ID };
  if (values.VERSION_ID) info.versionId = values.VERSION_ID;
  const codename = values.VERSION_CODENAME ?? values.VERSION?.match(/\(([a-z]+)\)/)?.[1];
  if (codename) info.codename = codename;
  if (values.PRETTY_NAME) info.prettyName = values.PRETTY_NAME;
  return info;
}

function describeDistro(d: DistroInfo): string {
  if (d.prettyName) return d.prettyName;
  const name = d.id.charAt(0).toUpperCase() + d.id.slice(1);
  return [name, d.versionId, d.codename ? `(${d.codename})` : undefined].filter(Boolean).join(' ');
}

/** `libwebp6` -> `libwebp`, `libssl1.1` -> `libssl`, `libavcodec58t64` -> `libavcodec`. */
export function packageStem(name: string): string {
  const stem = name.replace(/(?:[\d.]+[a-z]?(?:t64)?)$/, '').replace(/[-.]$/, '');
  return stem.length >= 3 ? stem : name;
}

/** Known package names that share the missing one's stem, closest first (the versioned siblings). */
export function similarPackages(missing: string, known: string[]): string[] {
  const stem = packageStem(missing);
  const versioned = new RegExp(`^${escapeRegExp(stem)}[\\d.]+[a-z]?(t64)?$`);
  const matches = known.filter((k) => k !== missing && k.startsWith(stem));
  const rank = (k: string) => (versioned.test(k) ? 0 : k === `${stem}-dev` ? 1 : 2);
  return [...new Set(matches)]
    .sort((a, b) => rank(a) - rank(b) || a.length - b.length || a.localeCompare(b))
    .slice(0, 6);
}

/** With no package list at hand: the versioned neighbours of a missing soname package, as guesses. */
export function guessSiblings(missing: string): string[] {
  const m = missing.match(/^(.*?)(\d+)$/);
  if (!m?.[1] || m[2] === undefined) return [];
  const n = Number(m[2]);
  return [`${m[1]}${n + 1}`, n > 0 ? `${m[1]}${n - 1}` : undefined, `${packageStem(missing)}-dev`].filter(
    (s): s is string => Boolean(s),
  );
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Python package a failed pip build was for, and whether it missed torch. */
function findTorchNeed(lines: string[]): { needsTorch: boolean; pkg?: string } {
  const text = lines.join('\n');
  const missingTorch = /No module named '?torch'?/.test(text);
  if (!missingTorch) return { needsTorch: false };
  const known = text.match(
    /\b(pytorch3d|detectron2|torch-scatter|torch_scatter|torch-sparse|flash-attn|mmcv|xformers|apex)\b/,
  );
  const collecting = [
    ...text.matchAll(/(?:Collecting|Building wheel for|Getting requirements to build wheel for) ([\w.-]+)/g),
  ];
  const pkg = known?.[1] ?? collecting[collecting.length - 1]?.[1];
  return pkg ? { needsTorch: true, pkg } : { needsTorch: true };
}

/** The image reference an `[internal] load metadata for X` failure names, and whether it is "not there". */
function findUnpullableBase(outcome: BuildOutcome, lines: string[]): string | undefined {
  const step = outcome.steps.find((s) => s.error && /^\[internal\] load metadata for /.test(s.name));
  const text = [step?.error ?? '', ...lines].join('\n');
  if (
    !/pull access denied|not found|manifest unknown|repository does not exist|no such host|failed to resolve|insufficient_scope|unauthorized/i.test(
      text,
    )
  ) {
    return undefined;
  }
  if (step) return step.name.replace(/^\[internal\] load metadata for /, '');
  const m = text.match(
    /pull access denied for ([^\s,]+)|failed to resolve source metadata for ([^\s:]+(?::[\w.-]+)?)/,
  );
  return m?.[1] ?? m?.[2];
}

/** The source a failed COPY/ADD did not find (`"/missing.txt" not found`). */
function findMissingCopySource(outcome: BuildOutcome): string | undefined {
  const step = outcome.steps.find((s) => s.error && /^(COPY|ADD)\b/.test(parseStepLabel(s.name).instruction));
  const m = step?.error?.match(/"([^"]+)" not found/);
  return m?.[1];
}

/** `docker.io/library/x:latest` and `x` are the same image. */
export function normalizeRef(ref: string): string {
  let r = ref.replace(/@sha256:[0-9a-f]+$/, '');
  r = r
    .replace(/^docker\.io\//, '')
    .replace(/^index\.docker\.io\//, '')
    .replace(/^library\//, '');
  const lastSlash = r.lastIndexOf('/');
  if (!r.slice(lastSlash + 1).includes(':')) r = `${r}:latest`;
  return r;
}

function repoName(ref: string): string {
  const n = normalizeRef(ref);
  const noTag = n.slice(0, n.lastIndexOf(':'));
  return noTag.slice(noTag.lastIndexOf('/') + 1);
}

/** Images of the graph that build `ref` (by tag), or failing that, whose name looks like it. */
export function imagesForRef(graph: ImageGraph, ref: string): { exact: Image[]; similar: Image[] } {
  const want = normalizeRef(ref);
  const exact = graph.images.filter((img) => img.tags.some((t) => normalizeRef(t) === want));
  const name = repoName(ref);
  const similar = exact.length
    ? []
    : graph.images.filter((img) => img.id === name || img.tags.some((t) => repoName(t) === name));
  return { exact, similar };
}

function stageOf(name: string): string | undefined {
  return parseStepLabel(name).stage;
}

/** The base image of the failing step's stage, as BuildKit printed its FROM (`docker.io/x:y`). */
export function failingStageBase(outcome: BuildOutcome): string | undefined {
  const failed =
    outcome.steps.find((s) => s.error && s.error !== 'canceled') ?? outcome.steps.find((s) => s.error);
  const froms = outcome.steps.filter((s) => /^FROM /.test(parseStepLabel(s.name).instruction));
  const sameStage = failed ? froms.find((s) => stageOf(s.name) === stageOf(failed.name)) : undefined;
  const from = sameStage ?? froms[0];
  if (!from) return undefined;
  return parseStepLabel(from.name)
    .instruction.replace(/^FROM /, '')
    .split(/\s+/)[0];
}

function promptHints(outcome: BuildOutcome): DiagnosisHint[] {
  const message = outcome.failure?.message ?? '';
  const debconf = /geographic area|Configuring|keyboard|tzdata|debconf/i.test(
    message + outcome.logTail.join('\n'),
  );
  if (debconf) {
    return [
      {
        code: 'debconf-prompt',
        message:
          'a Debian package asked a question (debconf). Set `ARG DEBIAN_FRONTEND=noninteractive` (and `ENV TZ=Etc/UTC` for tzdata) before the apt-get install',
      },
    ];
  }
  return [
    {
      code: 'interactive-prompt',
      message:
        'the step waits for keyboard input; pass `-y` / `--yes` / `--no-input` to the command, or feed the answer',
    },
  ];
}

export function diagnose(outcome: BuildOutcome, context: DiagnoseContext = {}): Diagnosis {
  const kind = outcome.failure?.kind ?? 'error';
  const lines = cleanLogLines(outcome.logTail);
  const diagnosis: Diagnosis = {
    kind,
    summary: outcome.failure?.message ?? 'the build failed',
    lastLines: lines.slice(-LAST_LINES),
    hints: [],
  };
  const instruction = outcome.failure?.step;
  if (instruction) diagnosis.instruction = instruction;
  if (kind === 'interrupted') return diagnosis;
  if (kind === 'prompt') {
    diagnosis.hints.push(...promptHints(outcome));
    return diagnosis;
  }
  if (kind === 'stalled') {
    diagnosis.hints.push({
      code: 'stalled',
      message:
        'the step printed nothing for the stall timeout; if it is a long silent step, raise --stall-timeout',
    });
    return diagnosis;
  }

  // apt without -y in a build (stdin is not a terminal) asks, reads nothing and aborts.
  if (lines.some((l) => /Do you want to continue\? \[Y\/n\]/.test(l))) {
    diagnosis.kind = 'prompt';
    diagnosis.hints.push({
      code: 'apt-prompt',
      message:
        'apt-get asked "Do you want to continue? [Y/n]" and, with no one to answer, aborted: pass -y (`apt-get install -y ...`)',
    });
  }

  const missing = findMissingPackages(lines);
  if (missing.length > 0) {
    const distro = context.distro ?? distroFromLog(lines);
    const on = distro ? `, ${describeDistro(distro)},` : '';
    const detail: string[] = [];
    for (const pkg of missing) {
      const known = context.knownPackages?.[pkg];
      const similar = known ? similarPackages(pkg, known) : [];
      if (similar.length > 0) detail.push(`${pkg}: this release has ${similar.join(', ')}`);
      else {
        const guesses = guessSiblings(pkg);
        if (guesses.length > 0)
          detail.push(
            `${pkg}: try ${guesses.join(', ')} (by name; \`apt-cache search ${packageStem(pkg)}\` in the base lists them)`,
          );
      }
    }
    diagnosis.hints.push({
      code: 'apt-package-missing',
      message: `the base image's distro${on} has no package ${missing.join(', ')}; package names change between releases`,
      ...(detail.length ? { detail } : {}),
    });
  }

  const torch = findTorchNeed(lines);
  if (torch.needsTorch) {
    const what = torch.pkg ?? 'the package';
    diagnosis.hints.push({
      code: 'pip-needs-torch',
      message: `${what} imports torch while it builds: install torch in an earlier RUN (or in the base image), then \`pip install --no-build-isolation ${torch.pkg ?? '<package>'}\``,
    });
  }

  if (
    lines.some((l) => /no space left on device/i.test(l)) ||
    /no space left on device/i.test(diagnosis.summary)
  ) {
    diagnosis.hints.push({
      code: 'no-space',
      message:
        'the disk is full: `docker system df` shows what images and build cache use; `docker builder prune` frees the cache',
    });
  }

  const copied = findMissingCopySource(outcome);
  if (copied) {
    diagnosis.hints.push({
      code: 'copy-source-missing',
      message: `${copied} is not in the build context: check the path against the context folder, and that .dockerignore does not exclude it`,
    });
  }

  const base = findUnpullableBase(outcome, lines);
  if (base) {
    const hint: DiagnosisHint = {
      code: 'base-not-found',
      message: `the base image ${base} is not on this engine and could not be pulled`,
    };
    if (context.graph) {
      const { exact, similar } = imagesForRef(context.graph, base);
      if (exact.length > 0) {
        hint.message += `; it is built by ${exact.map((i) => `${i.id} (${i.dockerfile})`).join(', ')}: build that first (strata builds parents first unless --no-deps)`;
      } else if (similar.length > 0) {
        hint.message += '; no image of this repository is tagged with it';
        hint.detail = similar.map(
          (i) => `did you mean ${i.tags[0] ?? i.id}, built by ${i.id} (${i.dockerfile})?`,
        );
      } else {
        hint.message +=
          '; no image of this repository builds it: check the name, or `docker login` to its registry';
      }
    }
    diagnosis.hints.push(hint);
  }
  return diagnosis;
}
