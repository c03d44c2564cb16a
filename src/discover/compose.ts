import type {
  ComposeImageUse,
  ComposeServiceRuntime,
  GpuReservation,
  ImageDefinition,
  ValueOrigin,
  ValueOrigins,
} from '../model/definition.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import { interpolate } from './interpolate.js';
import { dirOf, isNonPathContext, isRemoteContext, localPath, relativiseDefinition } from './local-path.js';
import { isRecord, parseYamlSource, type YamlSource } from './yaml-source.js';

export interface ComposeResult {
  definitions: ImageDefinition[];
  runOnly: ComposeImageUse[];
  diagnostics: Diagnostic[];
}

/**
 * Reads one compose file. `file` is relative to `root` (absolute; absolute paths inside it become
 * relative), POSIX; `env` holds the variables for interpolation (the caller merges the `.env` next to the file under the shell's). Never throws.
 */
export function parseCompose(
  text: string,
  file: string,
  root: string,
  env: Record<string, string | undefined>,
): ComposeResult {
  const out: ComposeResult = { definitions: [], runOnly: [], diagnostics: [] };
  const parsed = parseYamlSource(text, file, 'STRATA_COMPOSE_YAML');
  out.diagnostics.push(...parsed.diagnostics);
  const src = parsed.source;
  if (!src) return out;
  if (src.value === null || src.value === undefined) return out;
  if (!isRecord(src.value)) {
    out.diagnostics.push(
      diagnostic(
        'STRATA_COMPOSE_SHAPE',
        'error',
        `${file} is not a compose file: its top level is not a mapping`,
        {
          file,
          line: 1,
        },
      ),
    );
    return out;
  }
  const services = src.value.services;
  if (services === undefined || services === null) return out;
  if (!isRecord(services)) {
    out.diagnostics.push(
      shapeError(file, src.lineOf(['services']), '`services` must be a mapping of service names'),
    );
    return out;
  }
  const dir = dirOf(file);
  const interpolated = new Map<string, Record<string, unknown>>();
  for (const [name, raw] of Object.entries(services)) {
    if (raw === null || raw === undefined) continue;
    if (!isRecord(raw)) {
      out.diagnostics.push(
        shapeError(file, src.lineOf(['services', name]), `service ${name} must be a mapping`),
      );
      continue;
    }
    const ctx: ServiceContext = { file, name, src, env, diagnostics: out.diagnostics };
    const service = interpolateTree(raw, ['services', name], ctx) as Record<string, unknown>;
    if (typeof service.build === 'string') service.build = { context: service.build };
    interpolated.set(name, service);
  }
  for (const name of interpolated.keys()) {
    const line = src.lineOf(['services', name]);
    const ctx: ServiceContext = { file, name, src, env, diagnostics: out.diagnostics };
    const service = withExtends(name, interpolated, [name], ctx);
    const image = typeof service.image === 'string' && service.image !== '' ? service.image : undefined;
    if (service.build === undefined || service.build === null) {
      if (image) out.runOnly.push({ file, line, service: name, image });
      continue;
    }
    const def = buildDefinition(service, image, dir, line, ctx);
    if (def) {
      relativiseDefinition(def, root);
      out.definitions.push(def);
    }
  }
  return out;
}

/** A service with `extends: <service>` (same file) merged under it; other files are not followed. */
function withExtends(
  name: string,
  services: Map<string, Record<string, unknown>>,
  stack: string[],
  ctx: ServiceContext,
): Record<string, unknown> {
  const service = services.get(name) ?? {};
  const ext = service.extends;
  if (ext === undefined || ext === null) return service;
  const { extends: _ext, ...own } = service;
  const base =
    typeof ext === 'string'
      ? ext
      : isRecord(ext) && typeof ext.service === 'string'
        ? ext.service
        : undefined;
  const line = ctx.src.lineOf(['services', name, 'extends']);
  if (isRecord(ext) && typeof ext.file === 'string') {
    ctx.diagnostics.push(
      diagnostic(
        'STRATA_COMPOSE_EXTENDS_FILE',
        'info',
        `service ${name} extends a service of ${ext.file}, which strata does not follow`,
        {
          file: ctx.file,
          line,
          hint: 'declare the build in this file, or in strata.yaml',
        },
      ),
    );
    return own;
  }
  if (base === undefined || !services.has(base) || stack.includes(base)) {
    const why =
      base === undefined
        ? 'names no service'
        : stack.includes(base)
          ? `is a cycle (${[...stack, base].join(' -> ')})`
          : `names ${base}, which this file does not define`;
    ctx.diagnostics.push(
      diagnostic('STRATA_COMPOSE_EXTENDS', 'error', `service ${name}: \`extends\` ${why}`, {
        file: ctx.file,
        line,
        hint: 'fix the service name',
      }),
    );
    return own;
  }
  return deepMerge(withExtends(base, services, [...stack, base], ctx), own);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = isRecord(prev) && isRecord(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

interface ServiceContext {
  file: string;
  name: string;
  src: YamlSource;
  env: Record<string, string | undefined>;
  diagnostics: Diagnostic[];
}

function buildDefinition(
  service: Record<string, unknown>,
  image: string | undefined,
  dir: string,
  line: number | undefined,
  ctx: ServiceContext,
): ImageDefinition | undefined {
  const { file, name } = ctx;
  // A string `build` was already turned into `{context}` when the service was read.
  const build = isRecord(service.build) ? service.build : undefined;
  if (!build) {
    ctx.diagnostics.push(shapeError(file, line, `service ${name}: \`build\` must be a path or a mapping`));
    return undefined;
  }
  const rawContext = typeof build.context === 'string' && build.context !== '' ? build.context : '.';
  const remote = isRemoteContext(rawContext);
  const context = remote ? rawContext : localPath(dir, rawContext);
  const def: ImageDefinition = {
    origin: { kind: 'compose', file, ...(line === undefined ? {} : { line }), name },
    context,
    args: buildArgs(build.args, ctx.env),
    tags: [],
    contexts: {},
    platforms: stringList(build.platforms),
  };
  if (remote) def.remoteContext = true;
  if (typeof build.dockerfile_inline === 'string') {
    def.dockerfileInline = build.dockerfile_inline;
  } else {
    const dockerfile =
      typeof build.dockerfile === 'string' && build.dockerfile !== '' ? build.dockerfile : 'Dockerfile';
    def.dockerfile = remote ? dockerfile : localPath(context, dockerfile);
  }
  if (typeof build.target === 'string' && build.target !== '') def.target = build.target;
  if (image) def.tags.push(image);
  for (const tag of stringList(build.tags)) if (!def.tags.includes(tag)) def.tags.push(tag);
  for (const [key, value] of Object.entries(keyValues(build.additional_contexts))) {
    if (value === undefined) continue;
    def.contexts[key] = isNonPathContext(value) ? value : localPath(dir, value);
  }
  const gpu = gpuReservation(service);
  if (gpu) def.gpu = gpu;
  def.service = runtime(name, service);
  composeOrigins(def, name, ctx);
  return def;
}

/** Where each value of a compose definition is stated: the line of its key in the service. */
function composeOrigins(def: ImageDefinition, name: string, ctx: ServiceContext): void {
  const at = (path: string[]): ValueOrigin | undefined => {
    const line = ctx.src.lineOf(['services', name, ...path]);
    return line === undefined ? undefined : { file: ctx.file, line };
  };
  const origins: ValueOrigins = {};
  const put = <K extends 'context' | 'dockerfile' | 'target'>(key: K, path: string[]) => {
    const loc = at(path);
    if (loc) origins[key] = loc;
  };
  put('context', ['build', 'context']);
  put('dockerfile', ['build', 'dockerfile']);
  put('target', ['build', 'target']);
  const map = (keys: string[], path: (key: string) => string[]) => {
    const out: Record<string, ValueOrigin> = {};
    for (const key of keys) {
      const loc = at(path(key)) ?? at(path(key).slice(0, -1));
      if (loc) out[key] = loc;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const tags = map(def.tags, (tag) => (tag === def.tags[0] ? ['image'] : ['build', 'tags']));
  if (tags) def.tagOrigins = tags;
  const args = map(Object.keys(def.args), (key) => ['build', 'args', key]);
  if (args) def.argOrigins = args;
  const contexts = map(Object.keys(def.contexts), (key) => ['build', 'additional_contexts', key]);
  if (contexts) origins.contexts = contexts;
  def.valueOrigins = origins;
}

/** `args` as a map or a `KEY=VALUE` list; `KEY` alone (or a null value) takes the variable from `env`. */
function buildArgs(raw: unknown, env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(keyValues(raw))) {
    const v = value ?? env[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** A compose map-or-list (`{A: 1}` or `[A=1, B]`): values as strings, `undefined` for a bare key. */
function keyValues(raw: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq < 0) out[item] = undefined;
      else out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else if (isRecord(raw)) {
    for (const [key, value] of Object.entries(raw)) {
      out[key] = value === null || value === undefined ? undefined : scalarString(value);
    }
  }
  return out;
}

function scalarString(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function stringList(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw)) return [];
  return raw.filter((x): x is string => typeof x === 'string');
}

function gpuReservation(service: Record<string, unknown>): GpuReservation | undefined {
  const deploy = service.deploy;
  const devices =
    isRecord(deploy) && isRecord(deploy.resources) && isRecord(deploy.resources.reservations)
      ? deploy.resources.reservations.devices
      : undefined;
  if (Array.isArray(devices)) {
    for (const device of devices) {
      if (!isRecord(device)) continue;
      const capabilities = flatStrings(device.capabilities);
      const driver = typeof device.driver === 'string' ? device.driver : undefined;
      if (!capabilities.includes('gpu') && driver !== 'nvidia') continue;
      return gpuFrom(device, capabilities.length > 0 ? capabilities : ['gpu']);
    }
  }
  if (service.runtime === 'nvidia') return { driver: 'nvidia', capabilities: ['gpu'] };
  const gpus = service.gpus;
  if (gpus === 'all') return { count: 'all', capabilities: ['gpu'] };
  if (Array.isArray(gpus)) {
    const first = gpus.find(isRecord);
    if (first) {
      const capabilities = flatStrings(first.capabilities);
      return gpuFrom(first, capabilities.length > 0 ? capabilities : ['gpu']);
    }
  }
  return undefined;
}

function gpuFrom(device: Record<string, unknown>, capabilities: string[]): GpuReservation {
  const gpu: GpuReservation = { capabilities };
  if (typeof device.driver === 'string') gpu.driver = device.driver;
  const count = device.count;
  if (count === 'all' || count === -1) gpu.count = 'all';
  else if (typeof count === 'number') gpu.count = count;
  else if (typeof count === 'string' && /^\d+$/.test(count)) gpu.count = Number(count);
  const ids = device.device_ids;
  if (Array.isArray(ids)) gpu.deviceIds = ids.map((x) => String(x));
  return gpu;
}

/** `capabilities` may be a list of lists in older files (`[[gpu, utility]]`). */
function flatStrings(raw: unknown): string[] {
  if (!Array.isArray(raw)) return typeof raw === 'string' ? [raw] : [];
  return raw.flat().filter((x): x is string => typeof x === 'string');
}

function runtime(name: string, service: Record<string, unknown>): ComposeServiceRuntime {
  const hc = service.healthcheck;
  const disabled =
    isRecord(hc) &&
    (hc.disable === true ||
      (Array.isArray(hc.test) && (hc.test[0] === 'NONE' || hc.test.length === 0)) ||
      hc.test === 'NONE');
  const rt: ComposeServiceRuntime = { name, hasHealthcheck: isRecord(hc) && !disabled };
  if (typeof service.user === 'string' || typeof service.user === 'number') rt.user = String(service.user);
  const command = service.command;
  if (typeof command === 'string') rt.command = command;
  else if (Array.isArray(command)) rt.command = command.map((x) => String(x));
  const deps = service.depends_on;
  const dependsOn = Array.isArray(deps) ? deps.map(String) : isRecord(deps) ? Object.keys(deps) : [];
  if (dependsOn.length > 0) rt.dependsOn = dependsOn;
  return rt;
}

/** Interpolates every string of a service, keys excepted; `${VAR:?msg}` errors and unset variables reported. */
function interpolateTree(value: unknown, at: (string | number)[], ctx: ServiceContext): unknown {
  if (typeof value === 'string') {
    // Image names, tags and build args keep an unset variable as `${NAME}`: a value the build is given
    // when it runs (a registry set in CI), not an empty part that would make the name invalid.
    const keepMissing = at[2] === 'image' || (at[2] === 'build' && (at[3] === 'args' || at[3] === 'tags'));
    const r = interpolate(value, ctx.env, { keepMissing });
    for (const message of r.errors) {
      ctx.diagnostics.push(
        diagnostic('STRATA_COMPOSE_REQUIRED_VARIABLE', 'error', `service ${ctx.name}: ${message}`, {
          file: ctx.file,
          line: ctx.src.lineOf(at),
          hint: 'set the variable in the .env file next to the compose file, or pass it in the environment',
        }),
      );
    }
    for (const name of new Set(r.missing)) {
      ctx.diagnostics.push(
        diagnostic(
          'STRATA_COMPOSE_UNSET_VARIABLE',
          'info',
          `service ${ctx.name}: variable ${name} is not set; ${keepMissing ? `kept as \${${name}}, a value given when the build runs` : "it reads as ''"}`,
          {
            file: ctx.file,
            line: ctx.src.lineOf(at),
            hint: `give it a default (\${${name}:-value}) or set it in .env`,
          },
        ),
      );
    }
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, [...at, i], ctx));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateTree(v, [...at, k], ctx);
    return out;
  }
  return value;
}

function shapeError(file: string, line: number | undefined, message: string): Diagnostic {
  return diagnostic('STRATA_COMPOSE_SHAPE', 'error', `${file}: ${message}`, {
    file,
    ...(line === undefined ? {} : { line }),
    hint: 'see the compose specification for the expected shape',
  });
}
