import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadStrataConfig } from '../discover/config.js';
import { isRecord, parseYamlSource, type YamlSource } from '../discover/yaml-source.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { UsageError } from '../model/errors.js';
import type { ImageGraph } from '../model/graph.js';
import { findImage } from '../plan/select.js';
import { resolveRunPaths, type VerifyTarget } from './run.js';
import { parseTestFile, readTestFile, type TestFile, unreadableTestFile } from './schema.js';

/**
 * Which tests apply to which image: test files given on the command line (CST's `--config`, for every
 * named image), or strata.yaml's `verify:` section (image id, tag, service or glob -> file, files or an
 * inline test file).
 */

export interface LoadedTests {
  files: TestFile[];
  diagnostics: Diagnostic[];
}

/**
 * Reads test files (YAML or JSON), one TestFile per path. A missing, unreadable or unparseable file is an
 * error diagnostic and a TestFile with `readable: false` whose errors are errored tests; the others are
 * still read. Relative envFile and bind-mount paths are resolved against `cwd`, as CST does. Files are
 * named relative to `shownFrom` (default `cwd`), the folder CI annotations and people read paths from.
 */
export async function loadTestFiles(paths: string[], cwd: string, shownFrom = cwd): Promise<LoadedTests> {
  const files: TestFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const p = shownPath(abs, shownFrom, given);
    let text: string;
    try {
      text = await fs.readFile(abs, 'utf8');
    } catch (e) {
      const d = diagnostic(
        'STRATA_VERIFY_FILE',
        'error',
        `cannot read test file ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        {
          file: p,
          hint: 'give the path of a container-structure-test YAML or JSON file',
        },
      );
      diagnostics.push(d);
      files.push(unreadableTestFile(p, [d]));
      continue;
    }
    const parsed = parseTestFile(text, p);
    diagnostics.push(...parsed.diagnostics);
    files.push(resolveRunPaths(parsed.tests, cwd));
  }
  return { files, diagnostics };
}

/** `abs` relative to `from` with POSIX separators (`given` when it has no relative form). */
function shownPath(abs: string, from: string, given: string): string {
  const rel = path.relative(from, abs);
  if (rel === '' || path.isAbsolute(rel)) return given;
  return rel.split(path.sep).join('/');
}

/** `*` and `?` globs over image ids, tags and service names. */
function globMatches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

export interface VerifySection {
  entries: { pattern: string; files: TestFile[] }[];
  diagnostics: Diagnostic[];
}

/**
 * strata.yaml's `verify:` mapping, its files read relative to the root and named relative to `shownFrom`
 * (default the root; the CLI passes the working folder so paths read from the repository's top); inline
 * test files are named `strata.yaml#verify.NAME`, with strata.yaml's lines.
 */
export async function loadVerifySection(root: string, shownFrom = root): Promise<VerifySection> {
  const { config, file } = await loadStrataConfig(root);
  const section: VerifySection = { entries: [], diagnostics: [] };
  if (!file || config.verify === undefined || config.verify === null) return section;
  if (!isRecord(config.verify)) {
    section.diagnostics.push(
      diagnostic('STRATA_CONFIG_INVALID', 'error', `${file}: \`verify\` must map image names to test files`, {
        file,
        hint: 'verify: { api: verify/api.yaml, "ml-*": [verify/common.yaml, verify/gpu.yaml] }',
      }),
    );
    return section;
  }
  let source: YamlSource | undefined;
  for (const [pattern, value] of Object.entries(config.verify)) {
    if (typeof value === 'string' || Array.isArray(value)) {
      const paths = (Array.isArray(value) ? value : [value]).filter(
        (v): v is string => typeof v === 'string',
      );
      const loaded = await loadTestFiles(paths, root, shownFrom);
      section.diagnostics.push(...loaded.diagnostics);
      section.entries.push({ pattern, files: loaded.files });
    } else {
      source ??= await strataYamlSource(root, file);
      const shown = shownPath(path.resolve(root, file), shownFrom, file);
      const read = readTestFile(value, `${shown}#verify.${pattern}`, source, ['verify', pattern]);
      section.diagnostics.push(...read.diagnostics);
      section.entries.push({ pattern, files: [resolveRunPaths(read.tests, root)] });
    }
  }
  return section;
}

/** strata.yaml's parsed text, for the lines of inline test files. */
async function strataYamlSource(root: string, file: string): Promise<YamlSource | undefined> {
  const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseYamlSource(text, file, 'STRATA_CONFIG_YAML').source;
}

/**
 * The images to verify: each name is a family image (id, tag or compose service) or, failing that, an
 * image reference on the engine; all the family's images with tests when no name is given. `configFiles`
 * (when any) apply to every image; otherwise strata.yaml's entries that match the image.
 */
export function verifyTargets(
  graph: ImageGraph | undefined,
  names: string[],
  tests: { configFiles: TestFile[]; section: VerifySection },
): VerifyTarget[] {
  const fromSection = (id: string, aliases: string[]) =>
    tests.section.entries
      .filter((e) => [id, ...aliases].some((n) => globMatches(e.pattern, n)))
      .flatMap((e) => e.files);
  const testsFor = (id: string, aliases: string[]) =>
    tests.configFiles.length > 0 ? tests.configFiles : fromSection(id, aliases);

  if (names.length === 0) {
    if (!graph || graph.images.length === 0)
      throw new UsageError('no image to verify', 'name an image (strata verify IMAGE --config FILE)');
    const targets: VerifyTarget[] = [];
    for (const image of graph.images) {
      const aliases = [...image.tags, ...image.services.map((s) => s.name)];
      const files = testsFor(image.id, aliases);
      if (files.length === 0 || !image.tags[0]) continue;
      targets.push({ name: image.id, ref: image.tags[0], image, tests: files });
    }
    // The hint names only what was not already given.
    if (targets.length === 0)
      throw tests.configFiles.length > 0
        ? new UsageError(
            'no image of the family has a tag to run the --config tests against',
            'name the images (strata verify IMAGE --config FILE)',
          )
        : new UsageError(
            'no image of the family has tests',
            'add a verify: section to strata.yaml, or give --config FILE',
          );
    return targets;
  }
  return names.map((name) => {
    const image = graph ? findImage(graph, name) : undefined;
    if (!image) return { name, ref: name, tests: testsFor(name, []) };
    const aliases = [...image.tags, ...image.services.map((s) => s.name)];
    const ref = image.tags[0];
    if (!ref)
      throw new UsageError(
        `${image.id} has no tag to find its image by`,
        'give it a tag (compose image:, bake tags)',
      );
    return { name: image.id, ref, image, tests: testsFor(image.id, aliases) };
  });
}
