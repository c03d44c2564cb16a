import path from 'node:path';
import { contextBindMounts } from '../../dockerfile/index.js';
import type { Instruction, ResolvedDockerfile } from '../../model/dockerfile.js';
import type { Image } from '../../model/graph.js';
import { joinRel } from '../../util/paths.js';
import type { LintContext } from '../rule.js';
import { finalChain } from '../stages.js';
import { chainRootRef } from './base-image.js';
import { baseImageFacts } from './base-images.js';
import { fromEdgesTo, imageById } from './graph-index.js';
import {
  type CondaInstall,
  type PipInstall,
  parseCondaInstall,
  parsePipInstall,
  parseSystemInstall,
} from './package-commands.js';
import { canonicalPackage } from './package-names.js';
import {
  parseRequirements,
  type Requirement,
  type RequirementsFile,
  versionFromWheelUrl,
} from './requirements.js';
import { runCommands, type ShellCommand } from './shell.js';
import {
  chainEndState,
  chainOf,
  contextSourcesOf,
  substitute,
  type WalkState,
  walkChain,
} from './stage-walk.js';

export type Manager = 'pip' | 'conda' | 'apt' | 'apk' | 'yum';

/** A package an install command asks for. */
export interface InstalledPackage {
  manager: Manager;
  /** Canonical name: torch for pytorch (conda) and python3-torch (apt). */
  name: string;
  /** Name as written (normalised for pip). */
  written: string;
  version?: string;
  specifier?: string;
  url?: string;
  path?: string;
  editable: boolean;
  /** Where the requirement is written: the Dockerfile, or the requirements file pip reads. */
  file: string;
  line: number;
}

/** One install command in one RUN. */
export interface InstallCall {
  imageId: string;
  dockerfile: string;
  instruction: Instruction;
  stage: number;
  /** The stage ends up in the image (it is on the target's FROM chain). */
  inFinalImage: boolean;
  manager: Manager;
  command: ShellCommand;
  /** Variables in effect (ENV, ARG, `export`, the command's own prefix). */
  vars: Record<string, string>;
  packages: InstalledPackage[];
  pip?: PipInstall;
  conda?: CondaInstall;
  /** Requirement files read, repository-relative. */
  requirementFiles: string[];
  /** `-r` paths strata could not map to a repository file. */
  unresolvedFiles: string[];
  /** Working directory of the command (WORKDIR and `cd`). */
  cwd: string;
  /** Folders the same RUN or earlier RUNs `git clone`d into, with the URL (for `pip install ./repo`). */
  clones: Map<string, string>;
}

export interface ImageInstalls {
  image: Image;
  /** Family images this one is built FROM, nearest first. */
  parents: Image[];
  /** Calls of parent images (root-most first), then this image's. */
  inherited: InstallCall[];
  own: InstallCall[];
  /** ENV values the image inherits from parent images. */
  inheritedEnv: Record<string, string>;
}

const cache = new WeakMap<LintContext, Map<string, Promise<ImageInstalls | undefined>>>();

/**
 * What an image installs, parents included; computed once per lint run. The first call starts the
 * computation for every image of the graph, so their requirement files are read concurrently.
 */
export function imageInstalls(image: Image, ctx: LintContext): Promise<ImageInstalls | undefined> {
  let byId = cache.get(ctx);
  if (!byId) {
    byId = new Map();
    cache.set(ctx, byId);
    for (const other of ctx.graph.images) installsOf(other, ctx, byId);
  }
  return installsOf(image, ctx, byId);
}

function installsOf(
  image: Image,
  ctx: LintContext,
  byId: Map<string, Promise<ImageInstalls | undefined>>,
): Promise<ImageInstalls | undefined> {
  let hit = byId.get(image.id);
  if (!hit) {
    hit = computeInstalls(image, ctx, byId);
    byId.set(image.id, hit);
  }
  return hit;
}

/** The family image this image's final FROM chain starts from, when it is one of the family. */
export function parentImage(image: Image, graph: LintContext['graph']): Image | undefined {
  const edges = fromEdgesTo(graph, image.id);
  if (edges.length === 0 || !image.resolved) return undefined;
  const rootStage = image.resolved.stages[finalChain(image.resolved)[0] ?? 0];
  const rootParsed = rootStage && image.resolved.parsed.stages[rootStage.index];
  const line = rootParsed?.fromInstruction.range.line;
  const edge =
    edges.find((e) => e.line !== undefined && e.line === line && (!e.file || e.file === image.dockerfile)) ??
    edges.find((e) => rootStage && e.via === rootStage.fromResolved) ??
    (edges.length === 1 && rootStage?.base.kind === 'image' ? edges[0] : undefined);
  if (!edge || rootStage?.base.kind !== 'image') return undefined;
  return imageById(graph, edge.parent);
}

async function computeInstalls(
  image: Image,
  ctx: LintContext,
  byId: Map<string, Promise<ImageInstalls | undefined>>,
): Promise<ImageInstalls | undefined> {
  const resolved = image.resolved;
  if (!resolved) return undefined;
  // Images on a cycle are not followed to their parents: their results would wait for each other.
  const cyclic = ctx.graph.cycles.some((c) => c.includes(image.id));
  const parent = cyclic ? undefined : parentImage(image, ctx.graph);
  const parentInstalls = parent && parent !== image ? await installsOf(parent, ctx, byId) : undefined;
  const inheritedEnv = parentInstalls
    ? { ...parentInstalls.inheritedEnv, ...finalEnv(parentInstalls.image) }
    : externalEnv(resolved);
  const own: InstallCall[] = [];
  const chain = finalChain(resolved);
  const onChain = new Set(chain);
  await collectCalls(image, resolved, chain, true, inheritedEnv, ctx, own);
  for (const stage of resolved.stages) {
    if (!stage.needed || onChain.has(stage.index)) continue;
    const sub = chainOf(resolved, stage.index).filter((i) => !onChain.has(i));
    const calls: InstallCall[] = [];
    await collectCalls(image, resolved, sub, false, inheritedEnv, ctx, calls);
    own.push(...calls.filter((c) => c.stage === stage.index));
  }
  return {
    image,
    parents: parentInstalls ? [parentInstalls.image, ...parentInstalls.parents] : [],
    inherited: parentInstalls
      ? [...parentInstalls.inherited, ...parentInstalls.own.filter((c) => c.inFinalImage)]
      : [],
    own,
    inheritedEnv,
  };
}

/** ENV values an external base sets, from the table of common bases (empty when it is not known). */
function externalEnv(resolved: ResolvedDockerfile): Record<string, string> {
  const ref = chainRootRef(resolved);
  return ref ? { ...baseImageFacts(ref)?.env } : {};
}

/** ENV values set by the final chain of an image (parents not included). */
export function finalEnv(image: Image): Record<string, string> {
  const hit = envCache.get(image);
  if (hit) return hit;
  const env = computeFinalEnv(image);
  envCache.set(image, env);
  return env;
}

const envCache = new WeakMap<Image, Record<string, string>>();

function computeFinalEnv(image: Image): Record<string, string> {
  if (!image.resolved) return {};
  const state = chainEndState(image.resolved, finalChain(image.resolved), image.args);
  const out: Record<string, string> = {};
  for (const name of state.envNames) {
    const v = state.vars[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

async function collectCalls(
  image: Image,
  resolved: ResolvedDockerfile,
  chain: number[],
  inFinalImage: boolean,
  inheritedEnv: Record<string, string>,
  ctx: LintContext,
  out: InstallCall[],
): Promise<void> {
  const clones = new Map<string, string>();
  for (const step of walkChain(resolved, chain, image.args, inheritedEnv)) {
    if (step.instruction.keyword !== 'RUN') continue;
    let cwd = step.state.workdir;
    const exported: Record<string, string> = {};
    for (const raw of runCommands(step.instruction)) {
      const vars = { ...step.state.vars, ...exported, ...raw.env };
      const cmd: ShellCommand = { ...raw, words: raw.words.map((w) => substitute(w, vars)) };
      const prog = cmd.words[0];
      if (prog === 'cd' && cmd.words[1]) cwd = path.posix.resolve(cwd, cmd.words[1]);
      if (prog === 'export') Object.assign(exported, exportsOf(cmd));
      if (prog === 'git' && cmd.words[1] === 'clone') recordClone(cmd, cwd, clones);
      const call = await callOf(
        image,
        resolved,
        step.instruction,
        step.stage.index,
        cmd,
        vars,
        cwd,
        step.state,
        ctx,
      );
      if (!call) continue;
      call.inFinalImage = inFinalImage;
      call.clones = new Map(clones);
      out.push(call);
    }
  }
}

function exportsOf(cmd: ShellCommand): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of cmd.words.slice(1)) {
    const m = /^([A-Za-z_]\w*)=(.*)$/.exec(w);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function recordClone(cmd: ShellCommand, cwd: string, clones: Map<string, string>): void {
  const args = cmd.words.slice(2);
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (/^(-b|--branch|--depth|-o|--origin|--filter|--reference|-c|--config|-j|--jobs)$/.test(w)) i++;
    else if (!w.startsWith('-')) positional.push(w);
  }
  const [url, dir] = positional;
  if (!url) return;
  const name =
    dir ??
    (url
      .replace(/\/$/, '')
      .replace(/\.git$/, '')
      .split('/')
      .pop() ||
      'repo');
  clones.set(path.posix.resolve(cwd, name), url);
}

async function callOf(
  image: Image,
  resolved: ResolvedDockerfile,
  ins: Instruction,
  stage: number,
  cmd: ShellCommand,
  vars: Record<string, string>,
  cwd: string,
  state: WalkState,
  ctx: LintContext,
): Promise<InstallCall | undefined> {
  const file = resolved.parsed.file;
  const base = {
    imageId: image.id,
    dockerfile: file,
    instruction: ins,
    stage,
    inFinalImage: true,
    command: cmd,
    vars,
    requirementFiles: [] as string[],
    unresolvedFiles: [] as string[],
    cwd,
    clones: new Map<string, string>(),
  };
  const line = ins.range.line;
  const pip = parsePipInstall(cmd);
  if (pip) {
    const call: InstallCall = { ...base, manager: 'pip', pip, packages: [] };
    for (const req of pip.requirements) call.packages.push(fromRequirement(req, file, line));
    for (const rel of pip.requirementFiles) {
      await readRequirementFile(path.posix.resolve(cwd, rel), image, ins, state, ctx, call, new Set());
    }
    return call;
  }
  const conda = parseCondaInstall(cmd);
  if (conda) {
    const packages = conda.packages.map<InstalledPackage>((p) => ({
      manager: 'conda',
      name: canonicalPackage(p.name),
      written: p.name,
      version: p.version,
      editable: false,
      file,
      line,
    }));
    return { ...base, manager: 'conda', conda, packages };
  }
  const sys = parseSystemInstall(cmd);
  if (sys) {
    const packages = sys.packages.map<InstalledPackage>((p) => {
      const [name = p, version] = p.split('=');
      return {
        manager: sys.manager,
        name: canonicalPackage(name),
        written: name,
        version,
        editable: false,
        file,
        line,
      };
    });
    return { ...base, manager: sys.manager, packages };
  }
  return undefined;
}

function fromRequirement(req: Requirement, file: string, line: number): InstalledPackage {
  const version = req.version ?? (req.url ? versionFromWheelUrl(req.url) : undefined);
  return {
    manager: 'pip',
    name: req.name ? canonicalPackage(req.name) : (req.path ?? req.url ?? req.text),
    written: req.name ?? req.text,
    version,
    specifier: req.specifier,
    url: req.url,
    path: req.path,
    editable: req.editable,
    file,
    line: req.line > 0 ? req.line : line,
  };
}

/** Finds the repository file behind an in-image requirements path and adds its requirements to the call. */
async function readRequirementFile(
  containerPath: string,
  image: Image,
  ins: Instruction,
  state: WalkState,
  ctx: LintContext,
  call: InstallCall,
  seen: Set<string>,
): Promise<void> {
  const candidates = [
    ...bindMountSources(ins, containerPath),
    ...contextSourcesOf(containerPath, state.copies),
  ];
  for (const candidate of candidates) {
    const repoFile = joinRel(image.context, candidate);
    if (await readInto(repoFile, ctx, call, seen)) return;
  }
  call.unresolvedFiles.push(containerPath);
}

const requirementsCache = new WeakMap<LintContext, Map<string, Promise<RequirementsFile | undefined>>>();

/**
 * A repository requirements file, read and parsed once per lint run (images of a family share them);
 * undefined when it cannot be read. Shared by every caller, so the result is read-only.
 */
export function readRequirements(repoFile: string, ctx: LintContext): Promise<RequirementsFile | undefined> {
  let byFile = requirementsCache.get(ctx);
  if (!byFile) {
    byFile = new Map();
    requirementsCache.set(ctx, byFile);
  }
  let hit = byFile.get(repoFile);
  if (!hit) {
    hit = ctx.readFile(repoFile).then((text) => (text === undefined ? undefined : parseRequirements(text)));
    byFile.set(repoFile, hit);
  }
  return hit;
}

async function readInto(
  repoFile: string,
  ctx: LintContext,
  call: InstallCall,
  seen: Set<string>,
): Promise<boolean> {
  if (seen.has(repoFile)) return true;
  const parsed = await readRequirements(repoFile, ctx);
  if (parsed === undefined) return false;
  seen.add(repoFile);
  call.requirementFiles.push(repoFile);
  for (const req of parsed.requirements) call.packages.push(fromRequirement(req, repoFile, req.line));
  if (call.pip) {
    if (parsed.indexUrl && !call.pip.indexUrl) call.pip.indexUrl = parsed.indexUrl;
    call.pip.extraIndexUrls.push(...parsed.extraIndexUrls);
    call.pip.findLinks.push(...parsed.findLinks);
  }
  for (const inc of parsed.includes) {
    await readInto(joinRel(path.posix.dirname(repoFile), inc.path), ctx, call, seen);
  }
  return true;
}

/** `RUN --mount=type=bind,source=req.txt,target=/tmp/req.txt`: the context source bound at a path. */
function bindMountSources(ins: Instruction, containerPath: string): string[] {
  const out: string[] = [];
  for (const mount of contextBindMounts(ins)) {
    const target = mount.target;
    if (!target) continue;
    const source = (mount.source ?? '.').replace(/^\.\/?/, '');
    const t = path.posix.resolve('/', target);
    if (t === containerPath) out.push(source);
    else if (containerPath.startsWith(`${t}/`)) out.push(joinRel(source, containerPath.slice(t.length + 1)));
  }
  return out;
}
