import type { Instruction } from '../../model/dockerfile.js';
import type { Image, ImageGraph } from '../../model/graph.js';
import { imageInstructions } from '../images.js';
import { finalChain } from '../stages.js';
import { chainRootRef } from './base-image.js';
import { type BaseImageFacts, baseImageFacts, type Flavour } from './base-images.js';
import { parentImage } from './installs.js';
import { chainEndState } from './stage-walk.js';

/** A value an image receives from what it is built FROM, and where it was set. */
export interface Inherited<T> {
  value: T;
  /** `image base-py (docker/base/Dockerfile:42)` or `base python:3.12-slim (strata's table of common bases)`. */
  from: string;
}

/**
 * The config an image's root stage starts with: what its family parent ends with (the graph's FROM
 * edges, followed to the top), or, for a base outside the family, what the table of common bases
 * (knowledge/base-images.ts) says.
 */
export interface InheritedState {
  env: Record<string, Inherited<string>>;
  user?: Inherited<string>;
  /** SHELL of the base's config: BuildKit hands it to the stages built FROM it. */
  shell?: Inherited<string[]>;
  healthcheck?: Inherited<string>;
  /** Debian packages the base already has (from the table of common bases). */
  aptPackages: Set<string>;
  flavour?: Inherited<Flavour>;
  /** The family parent, when there is one. */
  parent?: Image;
}

const cache = new WeakMap<ImageGraph, Map<string, InheritedState>>();

/** What `image` inherits; computed once per image and graph. */
export function inheritedState(image: Image, graph: ImageGraph): InheritedState {
  let byId = cache.get(graph);
  if (!byId) {
    byId = new Map();
    cache.set(graph, byId);
  }
  return stateOf(image, graph, byId, new Set());
}

function stateOf(
  image: Image,
  graph: ImageGraph,
  byId: Map<string, InheritedState>,
  visiting: Set<string>,
): InheritedState {
  const hit = byId.get(image.id);
  if (hit) return hit;
  visiting.add(image.id);
  const parent = parentImage(image, graph);
  const state =
    parent && parent !== image && !visiting.has(parent.id)
      ? endState(parent, stateOf(parent, graph, byId, visiting))
      : externalState(image);
  visiting.delete(image.id);
  byId.set(image.id, state);
  return state;
}

/** The state an image hands to its children: what it inherits, then its own final chain. */
function endState(image: Image, start: InheritedState): InheritedState {
  const out: InheritedState = {
    env: { ...start.env },
    aptPackages: start.aptPackages,
    parent: image,
  };
  if (start.user) out.user = start.user;
  if (start.shell) out.shell = start.shell;
  if (start.healthcheck) out.healthcheck = start.healthcheck;
  if (start.flavour) out.flavour = start.flavour;
  const resolved = image.resolved;
  if (!resolved) return out;
  const at = (ins: Instruction) => `image ${image.id} (${resolved.parsed.file}:${ins.range.line})`;
  const initialEnv = Object.fromEntries(Object.entries(start.env).map(([k, v]) => [k, v.value]));
  const end = chainEndState(resolved, finalChain(resolved), image.args, initialEnv);
  const instructions = imageInstructions(image);
  for (const name of end.envNames) {
    const value = end.vars[name];
    if (value === undefined || start.env[name]?.value === value) continue;
    const ins = instructions
      .filter((i) => i.keyword === 'ENV' && new RegExp(`(^|\\s)${name}[=\\s]`).test(i.args))
      .pop();
    out.env[name] = { value, from: ins ? at(ins) : `image ${image.id}` };
  }
  const last = (keyword: string) => instructions.filter((i) => i.keyword === keyword).pop();
  const user = last('USER');
  if (user) out.user = { value: substituteUser(user.args.trim(), end.vars), from: at(user) };
  const shell = last('SHELL');
  if (shell) out.shell = { value: shell.words, from: at(shell) };
  const health = last('HEALTHCHECK');
  if (health) {
    if (/^\s*NONE\b/i.test(health.args)) delete out.healthcheck;
    else out.healthcheck = { value: health.args.trim(), from: at(health) };
  }
  return out;
}

function substituteUser(user: string, vars: Record<string, string>): string {
  return user.replace(/\$\{?(\w+)\}?/g, (m, name: string) => vars[name] ?? m);
}

function externalState(image: Image): InheritedState {
  const ref = image.resolved ? chainRootRef(image.resolved) : undefined;
  const facts: BaseImageFacts | undefined = ref ? baseImageFacts(ref) : undefined;
  if (!ref || !facts) return { env: {}, aptPackages: new Set() };
  const from = `base ${ref.familiar} (strata's table of common bases)`;
  const out: InheritedState = {
    env: Object.fromEntries(Object.entries(facts.env).map(([k, v]) => [k, { value: v, from }])),
    aptPackages: new Set(facts.aptPackages),
  };
  if (facts.user) out.user = { value: facts.user, from };
  if (facts.shell) out.shell = { value: facts.shell, from };
  if (facts.healthcheck) out.healthcheck = { value: 'from the base', from };
  if (facts.flavour) out.flavour = { value: facts.flavour, from };
  return out;
}

/**
 * Whether a SHELL (exec-form words) runs scripts with `-o pipefail` in a shell that has it (bash, zsh,
 * ksh; not every /bin/sh does, so hadolint refuses sh).
 */
export function shellHasPipefail(words: readonly string[]): boolean {
  if (!/(?:^|\/)(?:bash|zsh|ksh|mksh)$/.test(words[0] ?? '')) return false;
  return words.some((w, i) => w === 'pipefail' && /^-\w*o$/.test(words[i - 1] ?? ''));
}

const TRUTHY = new Set(['1', 'true', 'on', 'yes']);

/** An inherited ENV value that turns a setting on (`PIP_NO_CACHE_DIR=1`, `true`, `on`, `yes`). */
export function inheritedTruthy(state: InheritedState, name: string): Inherited<string> | undefined {
  const v = state.env[name];
  return v && TRUTHY.has(v.value.toLowerCase()) ? v : undefined;
}
