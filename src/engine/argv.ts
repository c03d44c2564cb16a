import { EngineError } from '../model/errors.js';
import type { BuildMode } from './detect.js';
import type { BuildRequest } from './types.js';

export interface BuildArgvOptions {
  mode: Exclude<BuildMode, 'none'>;
  /** Write the built image id here (`--iidfile`). */
  iidfile?: string;
  /** `docker buildx build --builder NAME` (buildx only). */
  builder?: string;
}

export interface BuildCommand {
  /** Arguments after the binary (global flags such as --context are added by exec). */
  args: string[];
  /** Environment the command needs on top of the caller's. */
  env: Record<string, string>;
}

function needsBuildx(what: string): EngineError {
  return new EngineError(
    'STRATA_ENGINE_NEEDS_BUILDX',
    `${what} needs docker buildx; this client builds with the classic \`DOCKER_BUILDKIT=1 docker build\``,
    'install the buildx plugin (Debian: docker-buildx), or point STRATA_DOCKER at a client that has it',
  );
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The argv of one build, a pure function of the request: `buildx build` or classic `build` with
 * BuildKit, `--progress=plain` so the output can be parsed, and the context path last.
 * Throws STRATA_ENGINE_NEEDS_BUILDX for what only buildx can do (named contexts, cache export, --builder).
 */
export function buildCommand(request: BuildRequest, options: BuildArgvOptions): BuildCommand {
  const buildx = options.mode === 'buildx';
  if (!buildx) {
    const named = Object.keys(request.namedContexts ?? {});
    if (named.length > 0)
      throw needsBuildx(`the named build context${named.length > 1 ? 's' : ''} ${named.join(', ')}`);
    if ((request.cacheTo ?? []).length > 0) throw needsBuildx('--cache-to (exporting the build cache)');
    if (options.builder) throw needsBuildx(`--builder ${options.builder}`);
  }
  const args: string[] = buildx ? ['buildx', 'build'] : ['build'];
  if (buildx && options.builder) args.push('--builder', options.builder);
  args.push('--file', request.dockerfileText === undefined ? request.dockerfile : '-');
  if (request.target) args.push('--target', request.target);
  for (const [k, v] of sortedEntries(request.args)) args.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of sortedEntries(request.labels)) args.push('--label', `${k}=${v}`);
  for (const tag of request.tags) args.push('--tag', tag);
  if (request.platform) args.push('--platform', request.platform);
  for (const s of request.secrets ?? []) args.push('--secret', s);
  for (const s of request.ssh ?? []) args.push('--ssh', s);
  for (const c of request.cacheFrom ?? []) args.push('--cache-from', c);
  for (const c of request.cacheTo ?? []) args.push('--cache-to', c);
  if (request.network) args.push('--network', request.network);
  for (const [name, value] of sortedEntries(request.namedContexts ?? {})) {
    args.push('--build-context', `${name}=${value}`);
  }
  if (request.noCache) args.push('--no-cache');
  if (request.pull) args.push('--pull');
  args.push('--progress=plain');
  if (options.iidfile) args.push('--iidfile', options.iidfile);
  // buildx with a container driver keeps results in the builder unless told to load them.
  if (buildx) args.push('--load');
  args.push(request.context);
  return { args, env: buildx ? {} : { DOCKER_BUILDKIT: '1' } };
}
