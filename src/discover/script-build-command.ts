import { isUnresolved } from './script-text.js';

/** The parts of one `docker build`-like command line that describe an image. */
export interface BuildCommand {
  tags: string[];
  file?: string;
  /** The context operand; undefined when missing. Words that were all unresolved are in `unknownOperands`. */
  context?: string;
  unknownOperands: string[];
  args: Record<string, string>;
  target?: string;
  platforms: string[];
  contexts: Record<string, string>;
}

/** Options of docker/podman/buildah build that take a value as the next word. */
const VALUE_OPTIONS = new Set([
  '--add-host',
  '--allow',
  '--annotation',
  '--attest',
  '--authfile',
  '--build-arg',
  '--build-arg-file',
  '--build-context',
  '--builder',
  '--cache-from',
  '--cache-to',
  '--call',
  '--cert-dir',
  '--cgroup-parent',
  '--cgroupns',
  '--cpu-period',
  '--cpu-quota',
  '--cpu-shares',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--creds',
  '--decryption-key',
  '--device',
  '--dns',
  '--dns-option',
  '--dns-search',
  '--env',
  '--file',
  '--format',
  '--from',
  '--iidfile',
  '--ipc',
  '--isolation',
  '--jobs',
  '--label',
  '--layer-label',
  '--logfile',
  '--manifest',
  '--memory',
  '--memory-swap',
  '--metadata-file',
  '--network',
  '--os',
  '--output',
  '--platform',
  '--progress',
  '--pull',
  '--runtime',
  '--secret',
  '--security-opt',
  '--shm-size',
  '--sign-by',
  '--ssh',
  '--tag',
  '--target',
  '--timestamp',
  '--ulimit',
  '--userns',
  '--uts',
  '--variant',
  '--volume',
  '--arch',
  '-c',
  '-f',
  '-m',
  '-o',
  '-t',
  '-v',
]);

/** Options that look like they take a value but only accept `--opt=value` (or none). */
const OPTIONAL_VALUE = new Set(['--pull', '--provenance', '--sbom']);

/**
 * Recognises `docker build`, `docker buildx build`, `docker image build`, `podman build`, `buildah bud|build`,
 * `nerdctl build` (after `sudo`, `time`, env assignments) and returns the words after the subcommand.
 */
export function buildArgv(words: string[]): string[] | undefined {
  let i = 0;
  while (
    i < words.length &&
    (/^[A-Za-z_]\w*=/.test(words[i]!) ||
      ['sudo', 'time', 'exec', 'command', '&', '@', 'nohup'].includes(words[i]!))
  ) {
    i++;
  }
  const tool = basename(words[i] ?? '')
    .replace(/\.exe$/i, '')
    .toLowerCase();
  const rest = words.slice(i + 1);
  let j = 0;
  // Global options before the subcommand (`docker --context x build`).
  while (j < rest.length && rest[j]!.startsWith('-')) {
    j += rest[j]!.includes('=') || /^--(?:debug|tls\w*)$/.test(rest[j]!) || rest[j] === '-D' ? 1 : 2;
  }
  const sub = rest.slice(j);
  if (tool === 'docker' || tool === 'podman' || tool === 'nerdctl') {
    if (sub[0] === 'build') return sub.slice(1);
    if ((sub[0] === 'buildx' || sub[0] === 'image') && (sub[1] === 'build' || sub[1] === 'b'))
      return sub.slice(2);
    return undefined;
  }
  if (tool === 'buildah') {
    if (sub[0] === 'bud' || sub[0] === 'build' || sub[0] === 'build-using-dockerfile') return sub.slice(1);
  }
  return undefined;
}

function basename(word: string): string {
  return word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1);
}

/**
 * Reads the options and operands of a build command. A build arg whose value is not fully known is left
 * out, unless `keepUnresolvedArgs` (the caller settles unresolved parts itself).
 */
export function parseBuildCommand(argv: string[], opts: { keepUnresolvedArgs?: boolean } = {}): BuildCommand {
  const cmd: BuildCommand = { tags: [], unknownOperands: [], args: {}, platforms: [], contexts: {} };
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (/^\d*[<>]/.test(word)) {
      if (/^\d*[<>]&?$/.test(word)) i++;
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      operands.push(word);
      continue;
    }
    if (word === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    let name = word;
    let value: string | undefined;
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0) {
      name = word.slice(0, eq);
      value = word.slice(eq + 1);
    } else if (/^-[a-zA-Z]./.test(word) && VALUE_OPTIONS.has(word.slice(0, 2))) {
      name = word.slice(0, 2);
      value = word.slice(2);
    } else if (VALUE_OPTIONS.has(word) && !OPTIONAL_VALUE.has(word)) {
      value = argv[++i];
    }
    if (value === undefined) continue;
    apply(cmd, name, value, opts.keepUnresolvedArgs ?? false);
  }
  const known = operands.filter((o) => !isWhollyUnresolved(o));
  cmd.unknownOperands = operands.filter(isWhollyUnresolved);
  const context = known[0] ?? (cmd.unknownOperands.length === 1 ? cmd.unknownOperands[0] : undefined);
  if (context !== undefined) cmd.context = context;
  return cmd;
}

function apply(cmd: BuildCommand, name: string, value: string, keepUnresolved: boolean): void {
  switch (name) {
    case '-t':
    case '--tag':
      cmd.tags.push(value);
      break;
    case '-f':
    case '--file':
      cmd.file = value;
      break;
    case '--target':
      cmd.target = value;
      break;
    case '--platform':
      cmd.platforms.push(...value.split(',').filter(Boolean));
      break;
    case '--build-arg': {
      const eq = value.indexOf('=');
      if (eq > 0 && (keepUnresolved || !isUnresolved(value.slice(eq + 1))))
        cmd.args[value.slice(0, eq)] = value.slice(eq + 1);
      break;
    }
    case '--build-context': {
      const eq = value.indexOf('=');
      if (eq > 0) cmd.contexts[value.slice(0, eq)] = value.slice(eq + 1);
      break;
    }
  }
}

function isWhollyUnresolved(word: string): boolean {
  return /^\u0001[^\u0002]*\u0002$/.test(word);
}
