import { isRecord, parseYamlSource, type YamlSource } from '../discover/yaml-source.js';
import { parseHumanSize } from '../engine/inspect.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { parseDuration } from '../util/duration.js';
import { goRegex } from './regex.js';
import type { TestKind } from './result.js';

/**
 * Test files: container-structure-test's schema (schemaVersion 1.0.0 and 2.0.0, as of CST v1.19:
 * pkg/types/v2) read unchanged, plus strata's keys in the same style (healthTest, sizeTest, importTests,
 * portTests, baseTest, gpuTest, metadataTest.nonRoot, metadataTest.envFromBuildArgs,
 * containerRunOptions.keepEntrypoint, per-test `timeout`). docs/verify.md is the reference.
 */

export interface EnvVar {
  key: string;
  value: string;
  isRegex?: boolean;
}

interface Located {
  name: string;
  /** 1-based line of the test in its file. */
  line?: number;
}

export interface CommandTest extends Located {
  setup: string[][];
  teardown: string[][];
  envVars: EnvVar[];
  command: string;
  args: string[];
  expectedOutput: string[];
  excludedOutput: string[];
  expectedError: string[];
  excludedError: string[];
  exitCode: number;
  /** Milliseconds; the file's or the run's default when absent. */
  timeoutMs?: number;
}

export interface FileExistenceTest extends Located {
  path: string;
  shouldExist: boolean;
  permissions?: string;
  uid?: number;
  gid?: number;
  isExecutableBy?: string;
}

export interface FileContentTest extends Located {
  path: string;
  expectedContents: string[];
  excludedContents: string[];
}

export interface MetadataTest extends Located {
  envVars: EnvVar[];
  unboundEnvVars: string[];
  labels: EnvVar[];
  exposedPorts: string[];
  unexposedPorts: string[];
  volumes: string[];
  unmountedVolumes: string[];
  entrypoint?: string[];
  cmd?: string[];
  workdir?: string;
  user?: string;
  /** strata: the image's USER is set and does not resolve to uid 0 in the image's own /etc/passwd. */
  nonRoot?: boolean;
  /** strata: each named variable of ENV equals the build arg the family gives the image. */
  envFromBuildArgs: string[];
}

export interface ContainerRunOptions {
  user?: string;
  privileged: boolean;
  allocateTty: boolean;
  envFile?: string;
  envVars: string[];
  capabilities: string[];
  bindMounts: string[];
  /** strata: command tests keep the image's ENTRYPOINT (CST always clears it). */
  keepEntrypoint: boolean;
}

/** strata: the HEALTHCHECK as declared, and a started container that becomes healthy. */
export interface HealthTest extends Located {
  /** Expected Test array (`["CMD-SHELL", "..."]`) or a regular expression over it joined by spaces. */
  command?: string;
  intervalMs?: number;
  timeoutMs?: number;
  startPeriodMs?: number;
  retries?: number;
  /** Start a container and wait until it reports healthy (default true). */
  healthy: boolean;
  /** How long to wait for `healthy` (default 120 s). */
  deadlineMs: number;
  /** The interval the started container probes at (default 1 s; the declared one is checked above). */
  probeIntervalMs: number;
}

/** strata: the image's size (Engine API `Size`, bytes) under a budget. */
export interface SizeTest extends Located {
  maxBytes?: number;
  minBytes?: number;
}

/** strata: Python modules import in the image, with versions checked (PEP 440 specifiers). */
export interface ImportTest extends Located {
  python: string;
  modules: string[];
  versions: Record<string, string>;
}

/** strata: a started container answers on a port, from outside it. */
export interface PortTest extends Located {
  port: number;
  protocol: 'http' | 'tcp';
  path: string;
  expectedStatus: number;
  expectedBody: string[];
  deadlineMs: number;
}

/** strata: the image was built FROM the expected parent (family graph, then layers). */
export interface BaseTest extends Located {
  parent: string;
}

/** strata: the image sees a GPU when run with `--gpus all`; not run (never passed) without a GPU runtime. */
export interface GpuTest extends Located {
  command: string[];
  torch: boolean;
}

/**
 * A test the file declares but that cannot be run as written (a missing or invalid field), or, with kind
 * `file`, an error of the file itself (unreadable, not YAML, a bad schemaVersion, a section that is not a
 * list). It is reported as an errored test, never run and never counted as passed.
 */
export interface BrokenTest {
  kind: TestKind;
  name: string;
  line?: number;
  errors: string[];
}

export interface TestFile {
  /** Where it came from (a path, or `strata.yaml#verify.NAME`). */
  file: string;
  /** False when the file could not be read or parsed at all (then `broken` says why and nothing else is set). */
  readable: boolean;
  /** Tests that cannot run as written and errors of the file itself, each an errored test. */
  broken: BrokenTest[];
  schemaVersion: string;
  globalEnvVars: EnvVar[];
  commandTests: CommandTest[];
  fileExistenceTests: FileExistenceTest[];
  fileContentTests: FileContentTest[];
  metadataTest?: MetadataTest;
  containerRunOptions: ContainerRunOptions;
  healthTest?: HealthTest;
  sizeTest?: SizeTest;
  importTests: ImportTest[];
  portTests: PortTest[];
  baseTest?: BaseTest;
  gpuTest?: GpuTest;
  /** Default per-test timeout for this file, ms. */
  timeoutMs?: number;
}

const TOP_KEYS = new Set([
  'schemaVersion',
  'globalEnvVars',
  'commandTests',
  'fileExistenceTests',
  'fileContentTests',
  'metadataTest',
  'licenseTests',
  'containerRunOptions',
  'healthTest',
  'sizeTest',
  'importTests',
  'portTests',
  'baseTest',
  'gpuTest',
  'timeout',
]);

const CODE = 'STRATA_VERIFY_FILE';

function emptyTestFile(file: string): TestFile {
  return {
    file,
    readable: true,
    broken: [],
    schemaVersion: '2.0.0',
    globalEnvVars: [],
    commandTests: [],
    fileExistenceTests: [],
    fileContentTests: [],
    containerRunOptions: {
      privileged: false,
      allocateTty: false,
      envVars: [],
      capabilities: [],
      bindMounts: [],
      keepEntrypoint: false,
    },
    importTests: [],
    portTests: [],
  };
}

/** The message of a diagnostic without its `file: ` prefix. */
const bare = (d: Diagnostic, file: string) =>
  d.message.startsWith(`${file}: `) ? d.message.slice(file.length + 2) : d.message;

/**
 * A test file that could not be read or parsed: nothing runs from it, and each error diagnostic is one
 * errored test of kind `file`, so the run fails wherever the file applies.
 */
export function unreadableTestFile(file: string, diagnostics: Diagnostic[]): TestFile {
  const tests = emptyTestFile(file);
  tests.readable = false;
  for (const d of diagnostics.filter((x) => x.severity === 'error'))
    tests.broken.push({
      kind: 'file',
      name: 'test file',
      ...(d.line === undefined ? {} : { line: d.line }),
      errors: [bare(d, file)],
    });
  return tests;
}

/**
 * Reads a test file's text (YAML or JSON). Never throws: problems are diagnostics with their line; a
 * text that is not YAML gives an unreadable file (`readable: false`).
 */
export function parseTestFile(text: string, file: string): { tests: TestFile; diagnostics: Diagnostic[] } {
  const parsed = parseYamlSource(text, file, CODE);
  if (!parsed.source)
    return { tests: unreadableTestFile(file, parsed.diagnostics), diagnostics: parsed.diagnostics };
  return readTestFile(parsed.source.value, file, parsed.source);
}

/**
 * Checks an already parsed value (a strata.yaml `verify:` entry); `source` gives lines when known. A test
 * with an error (a missing or invalid field) goes to `broken` instead of its list, and so does each error
 * of the file itself: an error never leaves a test running without the part it got wrong.
 */
export function readTestFile(
  value: unknown,
  file: string,
  source?: YamlSource,
  base: readonly (string | number)[] = [],
): { tests: TestFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lineOf = (at: (string | number)[]) => source?.lineOf([...base, ...at]);
  const problem = (at: (string | number)[], message: string, severity: 'error' | 'warning' = 'error') =>
    diagnostics.push(
      diagnostic(CODE, severity, `${file}: ${message}`, {
        file,
        line: lineOf(at),
        hint: 'see docs/verify.md for the test file schema',
      }),
    );
  if (!isRecord(value)) {
    problem([], 'a test file must be a mapping (schemaVersion:, commandTests:, ...)');
    return { tests: unreadableTestFile(file, diagnostics), diagnostics };
  }
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) problem([key], `unknown key \`${key}\``, 'warning');
  }
  if (value.licenseTests !== undefined)
    problem(['licenseTests'], 'licenseTests are not run by strata (see docs/verify.md)', 'warning');

  const str = (v: unknown, at: (string | number)[], what: string): string | undefined => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v !== undefined && v !== null) problem(at, `${what} must be a string`);
    return undefined;
  };
  const strList = (v: unknown, at: (string | number)[], what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v)) {
      problem(at, `${what} must be a list of strings`);
      return [];
    }
    return v.flatMap((x, i) => {
      const s = str(x, [...at, i], what);
      return s === undefined ? [] : [s];
    });
  };
  const regexList = (v: unknown, at: (string | number)[], what: string): string[] => {
    const list = strList(v, at, what);
    return list.filter((re, i) => {
      try {
        goRegex(re);
        return true;
      } catch (e) {
        problem([...at, i], `${what}: ${(e as Error).message}`);
        return false;
      }
    });
  };
  const bool = (v: unknown, at: (string | number)[], what: string, dflt: boolean): boolean => {
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    problem(at, `${what} must be true or false`);
    return dflt;
  };
  const int = (v: unknown, at: (string | number)[], what: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    problem(at, `${what} must be a whole number`);
    return undefined;
  };
  const duration = (v: unknown, at: (string | number)[], what: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    const ms = parseDuration(String(v));
    if (ms === undefined) problem(at, `${what}: \`${String(v)}\` is not a duration (30s, 1m30s, 500ms)`);
    return ms;
  };
  const bytes = (v: unknown, at: (string | number)[], what: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && v >= 0) return v;
    const n = parseHumanSize(String(v).replace(/\s+/g, ''));
    if (n === undefined) problem(at, `${what}: \`${String(v)}\` is not a size (300MB, 1.5GB, 512MiB)`);
    return n;
  };
  const envVars = (v: unknown, at: (string | number)[], what: string): EnvVar[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problem(at, `${what} must be a list of {key, value}`);
      return [];
    }
    return v.flatMap((e, i) => {
      if (!isRecord(e) || typeof e.key !== 'string') {
        problem([...at, i], `${what}: each entry needs a key`);
        return [];
      }
      const out: EnvVar = { key: e.key, value: str(e.value, [...at, i, 'value'], `${what}.value`) ?? '' };
      if (e.isRegex === true) out.isRegex = true;
      return [out];
    });
  };
  const list = (key: string): unknown[] => {
    const v = value[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    problem([key], `${key} must be a list`);
    return [];
  };
  const located = (
    key: string,
    i: number,
    entry: Record<string, unknown>,
    fallback: string,
  ): { name: string; line?: number } => {
    const line = lineOf([key, i]);
    const name = str(entry.name, [key, i, 'name'], `${key}[${i}].name`) ?? fallback;
    return line === undefined ? { name } : { name, line };
  };
  const records = (key: string): [Record<string, unknown>, number][] =>
    list(key).flatMap((e, i): [Record<string, unknown>, number][] => {
      if (isRecord(e)) return [[e, i]];
      problem([key, i], `${key}[${i}] must be a mapping`);
      return [];
    });
  const single = (key: string): Record<string, unknown> | undefined => {
    const v = value[key];
    if (v === undefined || v === null) return undefined;
    if (isRecord(v)) return v;
    problem([key], `${key} must be a mapping`);
    return undefined;
  };
  const commands = (v: unknown, at: (string | number)[], what: string): string[][] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problem(at, `${what} must be a list of commands`);
      return [];
    }
    return v.map((c, i) => strList(c, [...at, i], what));
  };

  const schemaVersion = str(value.schemaVersion, ['schemaVersion'], 'schemaVersion') ?? '2.0.0';
  if (!['1.0.0', '2.0.0'].includes(schemaVersion))
    problem(['schemaVersion'], `schemaVersion ${schemaVersion} is not known (1.0.0 or 2.0.0)`);

  const tests: TestFile = {
    ...emptyTestFile(file),
    schemaVersion,
    globalEnvVars: envVars(value.globalEnvVars, ['globalEnvVars'], 'globalEnvVars'),
  };
  /** Error diagnostics already carried by a broken test. */
  const carried = new Set<Diagnostic>();
  /**
   * True when no error was reported since `mark`; otherwise the test (named `name`, at `at`) becomes a
   * broken one carrying those errors.
   */
  const sound = (kind: TestKind, mark: number, at: (string | number)[], name: string): boolean => {
    const errs = diagnostics.slice(mark).filter((d) => d.severity === 'error');
    if (errs.length === 0) return true;
    for (const d of errs) carried.add(d);
    const line = lineOf(at);
    tests.broken.push({
      kind,
      name,
      ...(line === undefined ? {} : { line }),
      errors: errs.map((d) => bare(d, file)),
    });
    return false;
  };
  const nameOf = (e: Record<string, unknown>, fallback: string) =>
    typeof e.name === 'string' ? e.name : fallback;
  const fileTimeout = duration(value.timeout, ['timeout'], 'timeout');
  if (fileTimeout !== undefined) tests.timeoutMs = fileTimeout;

  for (const [e, i] of records('commandTests')) {
    const at = ['commandTests', i];
    const mark = diagnostics.length;
    // schemaVersion 1.0.0 (and some 2.0.0 files) give the command as a list: its head is the command.
    const raw = Array.isArray(e.command) ? strList(e.command, [...at, 'command'], 'command') : undefined;
    const command = raw ? raw[0] : str(e.command, [...at, 'command'], 'command');
    if (!command) {
      problem(at, `commandTests[${i}] needs a command`);
      sound('command', mark, at, nameOf(e, `commandTests[${i}]`));
      continue;
    }
    const test: CommandTest = {
      ...located('commandTests', i, e, command),
      setup: commands(e.setup, [...at, 'setup'], 'setup'),
      teardown: commands(e.teardown, [...at, 'teardown'], 'teardown'),
      envVars: envVars(e.envVars, [...at, 'envVars'], 'envVars'),
      command,
      args: [...(raw ? raw.slice(1) : []), ...strList(e.args, [...at, 'args'], 'args')],
      expectedOutput: regexList(e.expectedOutput, [...at, 'expectedOutput'], 'expectedOutput'),
      excludedOutput: regexList(e.excludedOutput, [...at, 'excludedOutput'], 'excludedOutput'),
      expectedError: regexList(e.expectedError, [...at, 'expectedError'], 'expectedError'),
      excludedError: regexList(e.excludedError, [...at, 'excludedError'], 'excludedError'),
      exitCode: int(e.exitCode, [...at, 'exitCode'], 'exitCode') ?? 0,
    };
    const timeout = duration(e.timeout, [...at, 'timeout'], 'timeout');
    if (timeout !== undefined) test.timeoutMs = timeout;
    if (sound('command', mark, at, nameOf(e, `commandTests[${i}]`))) tests.commandTests.push(test);
  }

  for (const [e, i] of records('fileExistenceTests')) {
    const at = ['fileExistenceTests', i];
    const mark = diagnostics.length;
    const path = str(e.path, [...at, 'path'], 'path');
    if (!path) {
      problem(at, `fileExistenceTests[${i}] needs a path`);
      sound('fileExistence', mark, at, nameOf(e, `fileExistenceTests[${i}]`));
      continue;
    }
    const test: FileExistenceTest = {
      ...located('fileExistenceTests', i, e, path),
      path,
      shouldExist: bool(e.shouldExist, [...at, 'shouldExist'], 'shouldExist', true),
    };
    const permissions = str(e.permissions, [...at, 'permissions'], 'permissions');
    if (permissions) test.permissions = permissions;
    const uid = int(e.uid, [...at, 'uid'], 'uid');
    if (uid !== undefined && uid >= 0) test.uid = uid;
    const gid = int(e.gid, [...at, 'gid'], 'gid');
    if (gid !== undefined && gid >= 0) test.gid = gid;
    const exec = str(e.isExecutableBy, [...at, 'isExecutableBy'], 'isExecutableBy');
    if (exec) {
      if (['owner', 'group', 'other', 'any'].includes(exec)) test.isExecutableBy = exec;
      else
        problem([...at, 'isExecutableBy'], `isExecutableBy must be owner, group, other or any, not ${exec}`);
    }
    if (sound('fileExistence', mark, at, nameOf(e, `fileExistenceTests[${i}]`)))
      tests.fileExistenceTests.push(test);
  }

  for (const [e, i] of records('fileContentTests')) {
    const at = ['fileContentTests', i];
    const mark = diagnostics.length;
    const path = str(e.path, [...at, 'path'], 'path');
    if (!path) {
      problem(at, `fileContentTests[${i}] needs a path`);
      sound('fileContent', mark, at, nameOf(e, `fileContentTests[${i}]`));
      continue;
    }
    const test: FileContentTest = {
      ...located('fileContentTests', i, e, path),
      path,
      expectedContents: regexList(e.expectedContents, [...at, 'expectedContents'], 'expectedContents'),
      excludedContents: regexList(e.excludedContents, [...at, 'excludedContents'], 'excludedContents'),
    };
    if (sound('fileContent', mark, at, test.name)) tests.fileContentTests.push(test);
  }

  const md = single('metadataTest');
  if (md) {
    const mark = diagnostics.length;
    const at = ['metadataTest'];
    const line = lineOf(at);
    const test: MetadataTest = {
      name: 'metadata',
      ...(line === undefined ? {} : { line }),
      // CST 1.x documents `env`; its v2 struct reads `envVars`. Both are read.
      envVars: [
        ...envVars(md.envVars, [...at, 'envVars'], 'envVars'),
        ...envVars(md.env, [...at, 'env'], 'env'),
      ],
      unboundEnvVars: envVars(md.unboundEnvVars, [...at, 'unboundEnvVars'], 'unboundEnvVars').map(
        (e) => e.key,
      ),
      labels: envVars(md.labels, [...at, 'labels'], 'labels'),
      exposedPorts: strList(md.exposedPorts, [...at, 'exposedPorts'], 'exposedPorts'),
      unexposedPorts: strList(md.unexposedPorts, [...at, 'unexposedPorts'], 'unexposedPorts'),
      volumes: strList(md.volumes, [...at, 'volumes'], 'volumes'),
      unmountedVolumes: strList(md.unmountedVolumes, [...at, 'unmountedVolumes'], 'unmountedVolumes'),
      envFromBuildArgs: strList(md.envFromBuildArgs, [...at, 'envFromBuildArgs'], 'envFromBuildArgs'),
    };
    if (md.entrypoint !== undefined)
      test.entrypoint = strList(md.entrypoint, [...at, 'entrypoint'], 'entrypoint');
    if (md.cmd !== undefined) test.cmd = strList(md.cmd, [...at, 'cmd'], 'cmd');
    const workdir = str(md.workdir, [...at, 'workdir'], 'workdir');
    if (workdir !== undefined) test.workdir = workdir;
    const user = str(md.user, [...at, 'user'], 'user');
    if (user !== undefined) test.user = user;
    if (md.nonRoot !== undefined) test.nonRoot = bool(md.nonRoot, [...at, 'nonRoot'], 'nonRoot', false);
    if (sound('metadata', mark, at, 'metadata')) tests.metadataTest = test;
  }

  const ro = single('containerRunOptions');
  if (ro) {
    const at = ['containerRunOptions'];
    const o = tests.containerRunOptions;
    const user = str(ro.user, [...at, 'user'], 'user');
    if (user !== undefined) o.user = user;
    o.privileged = bool(ro.privileged, [...at, 'privileged'], 'privileged', false);
    o.allocateTty = bool(ro.allocateTty, [...at, 'allocateTty'], 'allocateTty', false);
    const envFile = str(ro.envFile, [...at, 'envFile'], 'envFile');
    if (envFile) o.envFile = envFile;
    o.envVars = strList(ro.envVars, [...at, 'envVars'], 'envVars');
    o.capabilities = strList(ro.capabilities, [...at, 'capabilities'], 'capabilities');
    o.bindMounts = strList(ro.bindMounts, [...at, 'bindMounts'], 'bindMounts');
    o.keepEntrypoint = bool(ro.keepEntrypoint, [...at, 'keepEntrypoint'], 'keepEntrypoint', false);
  }

  const ht = single('healthTest');
  if (ht) {
    const mark = diagnostics.length;
    const at = ['healthTest'];
    const line = lineOf(at);
    const test: HealthTest = {
      name: str(ht.name, [...at, 'name'], 'name') ?? 'health',
      ...(line === undefined ? {} : { line }),
      healthy: bool(ht.healthy, [...at, 'healthy'], 'healthy', true),
      deadlineMs: duration(ht.deadline, [...at, 'deadline'], 'deadline') ?? 120_000,
      probeIntervalMs: duration(ht.probeInterval, [...at, 'probeInterval'], 'probeInterval') ?? 1_000,
    };
    const command = str(ht.command, [...at, 'command'], 'command');
    if (command !== undefined) test.command = command;
    const interval = duration(ht.interval, [...at, 'interval'], 'interval');
    if (interval !== undefined) test.intervalMs = interval;
    const timeout = duration(ht.timeout, [...at, 'timeout'], 'timeout');
    if (timeout !== undefined) test.timeoutMs = timeout;
    const startPeriod = duration(ht.startPeriod, [...at, 'startPeriod'], 'startPeriod');
    if (startPeriod !== undefined) test.startPeriodMs = startPeriod;
    const retries = int(ht.retries, [...at, 'retries'], 'retries');
    if (retries !== undefined) test.retries = retries;
    if (sound('health', mark, at, test.name)) tests.healthTest = test;
  }

  const st = single('sizeTest');
  if (st) {
    const mark = diagnostics.length;
    const at = ['sizeTest'];
    const line = lineOf(at);
    const test: SizeTest = {
      name: str(st.name, [...at, 'name'], 'name') ?? 'size',
      ...(line === undefined ? {} : { line }),
    };
    const max = bytes(st.maxSize ?? st.max, [...at, 'maxSize'], 'maxSize');
    if (max !== undefined) test.maxBytes = max;
    const min = bytes(st.minSize ?? st.min, [...at, 'minSize'], 'minSize');
    if (min !== undefined) test.minBytes = min;
    const given = [st.maxSize, st.max, st.minSize, st.min].some((v) => v !== undefined && v !== null);
    if (!given) problem(at, 'sizeTest needs maxSize (or minSize)');
    if (sound('size', mark, at, test.name)) tests.sizeTest = test;
  }

  for (const [e, i] of records('importTests')) {
    const at = ['importTests', i];
    const mark = diagnostics.length;
    const modules = strList(e.modules, [...at, 'modules'], 'modules');
    const versions: Record<string, string> = {};
    if (isRecord(e.versions)) {
      for (const [m, spec] of Object.entries(e.versions)) {
        const s = str(spec, [...at, 'versions', m], `versions.${m}`);
        if (s !== undefined) versions[m] = s;
        if (!modules.includes(m)) modules.push(m);
      }
    } else if (e.versions !== undefined)
      problem([...at, 'versions'], 'versions must map a module to a specifier');
    if (modules.length === 0) {
      problem(at, `importTests[${i}] needs modules`);
      sound('import', mark, at, nameOf(e, `importTests[${i}]`));
      continue;
    }
    const test: ImportTest = {
      ...located('importTests', i, e, `import ${modules.join(', ')}`),
      python: str(e.python, [...at, 'python'], 'python') ?? 'python3',
      modules,
      versions,
    };
    if (sound('import', mark, at, test.name)) tests.importTests.push(test);
  }

  for (const [e, i] of records('portTests')) {
    const at = ['portTests', i];
    const mark = diagnostics.length;
    const port = int(e.port, [...at, 'port'], 'port');
    if (port === undefined || port < 1 || port > 65535) {
      problem(at, `portTests[${i}] needs a port (1-65535)`);
      sound('port', mark, at, nameOf(e, `portTests[${i}]`));
      continue;
    }
    const protocol = str(e.protocol, [...at, 'protocol'], 'protocol') ?? 'http';
    if (protocol !== 'http' && protocol !== 'tcp') {
      problem([...at, 'protocol'], 'protocol must be http or tcp');
      sound('port', mark, at, nameOf(e, `portTests[${i}]`));
      continue;
    }
    const test: PortTest = {
      ...located('portTests', i, e, `port ${port}`),
      port,
      protocol,
      path: str(e.path, [...at, 'path'], 'path') ?? '/',
      expectedStatus: int(e.expectedStatus, [...at, 'expectedStatus'], 'expectedStatus') ?? 200,
      expectedBody: regexList(e.expectedBody, [...at, 'expectedBody'], 'expectedBody'),
      deadlineMs: duration(e.deadline, [...at, 'deadline'], 'deadline') ?? 60_000,
    };
    if (sound('port', mark, at, test.name)) tests.portTests.push(test);
  }

  const bt = single('baseTest');
  if (bt) {
    const mark = diagnostics.length;
    const at = ['baseTest'];
    const parent = str(bt.parent, [...at, 'parent'], 'parent');
    if (!parent) problem(at, 'baseTest needs a parent (an image of the family or an external base)');
    if (sound('base', mark, at, nameOf(bt, 'base')) && parent) {
      const line = lineOf(at);
      tests.baseTest = {
        name: str(bt.name, [...at, 'name'], 'name') ?? `built FROM ${parent}`,
        ...(line === undefined ? {} : { line }),
        parent,
      };
    }
  }

  const gt = single('gpuTest');
  if (gt) {
    const mark = diagnostics.length;
    const at = ['gpuTest'];
    const line = lineOf(at);
    const test: GpuTest = {
      name: str(gt.name, [...at, 'name'], 'name') ?? 'gpu',
      ...(line === undefined ? {} : { line }),
      command: gt.command === undefined ? ['nvidia-smi'] : strList(gt.command, [...at, 'command'], 'command'),
      torch: bool(gt.torch, [...at, 'torch'], 'torch', false),
    };
    if (sound('gpu', mark, at, test.name)) tests.gpuTest = test;
  }

  // The file's own errors (schemaVersion, a section that is not a list, containerRunOptions, ...).
  for (const d of diagnostics)
    if (d.severity === 'error' && !carried.has(d))
      tests.broken.push({
        kind: 'file',
        name: 'test file',
        ...(d.line === undefined ? {} : { line: d.line }),
        errors: [bare(d, file)],
      });
  return { tests, diagnostics };
}
