import type { ImageDefinition } from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { readTextFile } from '../util/fs.js';
import { dirOf, isNonPathContext, localPath } from './local-path.js';
import { isRecord, parseYamlSource, type YamlSource } from './yaml-source.js';

/** One image declared (or overridden) in strata.yaml. Paths are relative to the root. */
export interface StrataImageConfig {
  dockerfile?: string;
  context?: string;
  tags: string[];
  args: Record<string, string>;
  target?: string;
  platforms: string[];
  contexts: Record<string, string>;
  line?: number;
}

/** strata.yaml as discovery reads it; `lint`, `build` and `verify` are checked by their own stages. */
export interface StrataConfigFile {
  images: Record<string, StrataImageConfig>;
  exclude: string[];
  lint?: unknown;
  build?: unknown;
  verify?: unknown;
  /** `report:` (budgets), checked by the report stage. */
  report?: unknown;
}

export interface StrataConfigResult {
  config: StrataConfigFile;
  /** strata.yaml or strata.yml, when there is one. */
  file?: string;
  diagnostics: Diagnostic[];
}

const CONFIG_NAMES = ['strata.yaml', 'strata.yml'];
const TOP_KEYS = new Set(['version', 'images', 'exclude', 'lint', 'build', 'verify', 'report']);
const IMAGE_KEYS = new Set([
  'dockerfile',
  'context',
  'tags',
  'tag',
  'args',
  'target',
  'platforms',
  'contexts',
]);

/** Reads the optional strata.yaml at the root. Never throws: problems are diagnostics. */
export async function loadStrataConfig(root: string): Promise<StrataConfigResult> {
  for (const name of CONFIG_NAMES) {
    const read = await readTextFile(root, name);
    if (read.ok) return { ...parseStrataConfig(read.text, name), file: name };
    if (!read.missing) {
      return { config: emptyConfig(), file: name, diagnostics: [read.diagnostic] };
    }
  }
  return { config: emptyConfig(), diagnostics: [] };
}

function emptyConfig(): StrataConfigFile {
  return { images: {}, exclude: [] };
}

/** Validates strata.yaml text (pure). Unknown keys are warnings; wrong types are errors and the value is skipped. */
export function parseStrataConfig(
  text: string,
  file: string,
): { config: StrataConfigFile; diagnostics: Diagnostic[] } {
  const config = emptyConfig();
  const parsed = parseYamlSource(text, file, 'STRATA_CONFIG_YAML');
  const diagnostics = [...parsed.diagnostics];
  const src = parsed.source;
  if (!src || src.value === null || src.value === undefined) return { config, diagnostics };
  const problem = (at: (string | number)[], severity: 'error' | 'warning', message: string, hint: string) =>
    diagnostics.push(
      diagnostic(
        severity === 'error' ? 'STRATA_CONFIG_INVALID' : 'STRATA_CONFIG_UNKNOWN_KEY',
        severity,
        message,
        {
          file,
          line: src.lineOf(at),
          hint,
        },
      ),
    );
  if (!isRecord(src.value)) {
    problem(
      [],
      'error',
      `${file} must be a mapping (images:, exclude:, lint:, build:, verify:)`,
      'see docs for strata.yaml',
    );
    return { config, diagnostics };
  }
  const top = src.value;
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.has(key)) {
      problem([key], 'warning', `${file}: unknown key \`${key}\``, `known keys: ${[...TOP_KEYS].join(', ')}`);
    }
  }
  if (top.exclude !== undefined && top.exclude !== null) {
    const list = stringList(top.exclude);
    if (list) config.exclude = list;
    else
      problem(
        ['exclude'],
        'error',
        '`exclude` must be a list of glob patterns',
        'exclude: ["vendor/", "**/testdata/"]',
      );
  }
  if (top.lint !== undefined) config.lint = top.lint;
  if (top.build !== undefined) config.build = top.build;
  if (top.verify !== undefined) config.verify = top.verify;
  if (top.report !== undefined) config.report = top.report;
  if (top.images !== undefined && top.images !== null) {
    if (!isRecord(top.images)) {
      problem(
        ['images'],
        'error',
        '`images` must be a mapping of image names',
        'images: { api: { dockerfile: api/Dockerfile } }',
      );
    } else {
      for (const [id, raw] of Object.entries(top.images)) {
        const image = parseImage(id, raw, src, problem);
        if (image) config.images[id] = image;
      }
    }
  }
  return { config, diagnostics };
}

type Problem = (
  at: (string | number)[],
  severity: 'error' | 'warning',
  message: string,
  hint: string,
) => void;

function parseImage(
  id: string,
  raw: unknown,
  src: YamlSource,
  problem: Problem,
): StrataImageConfig | undefined {
  const at = ['images', id];
  if (!isRecord(raw)) {
    problem(at, 'error', `image ${id} must be a mapping`, 'give at least `dockerfile:` or `context:`');
    return undefined;
  }
  const image: StrataImageConfig = { tags: [], args: {}, platforms: [], contexts: {} };
  const line = src.lineOf(at);
  if (line !== undefined) image.line = line;
  for (const key of Object.keys(raw)) {
    if (!IMAGE_KEYS.has(key)) {
      problem(
        [...at, key],
        'warning',
        `image ${id}: unknown key \`${key}\``,
        `known keys: ${[...IMAGE_KEYS].join(', ')}`,
      );
    }
  }
  for (const key of ['dockerfile', 'context', 'target'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v !== '') image[key] = v;
    else
      problem(
        [...at, key],
        'error',
        `image ${id}: \`${key}\` must be a non-empty string`,
        `${key}: path/or/name`,
      );
  }
  for (const key of ['tags', 'tag', 'platforms'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    const list = typeof v === 'string' ? [v] : stringList(v);
    if (!list) {
      problem(
        [...at, key],
        'error',
        `image ${id}: \`${key}\` must be a string or a list of strings`,
        `${key}: [a, b]`,
      );
      continue;
    }
    (key === 'platforms' ? image.platforms : image.tags).push(...list);
  }
  for (const key of ['args', 'contexts'] as const) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    if (!isRecord(v) || Object.values(v).some((x) => typeof x === 'object' && x !== null)) {
      problem(
        [...at, key],
        'error',
        `image ${id}: \`${key}\` must be a mapping of names to values`,
        `${key}: { NAME: value }`,
      );
      continue;
    }
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) image[key][k] = String(x);
  }
  if (image.dockerfile === undefined && image.context === undefined) {
    problem(
      at,
      'error',
      `image ${id} names neither a dockerfile nor a context`,
      'add `dockerfile:` (and `context:` if not its folder)',
    );
    return undefined;
  }
  return image;
}

function stringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  return v as string[];
}

/** Definitions declared by strata.yaml: origin kind `config`, name = the image key. */
export function configDefinitions(config: StrataConfigFile, file: string): ImageDefinition[] {
  return Object.entries(config.images).map(([id, image]) => {
    const context = image.context ?? dirOf(image.dockerfile!);
    const def: ImageDefinition = {
      origin: { kind: 'config', file, ...(image.line === undefined ? {} : { line: image.line }), name: id },
      dockerfile: localPath('.', image.dockerfile ?? localPath(context, 'Dockerfile')),
      context: localPath('.', context),
      args: { ...image.args },
      tags: [...image.tags],
      contexts: Object.fromEntries(
        Object.entries(image.contexts).map(([k, v]) => [k, isNonPathContext(v) ? v : localPath('.', v)]),
      ),
      platforms: [...image.platforms],
    };
    if (image.target !== undefined) def.target = image.target;
    return def;
  });
}
