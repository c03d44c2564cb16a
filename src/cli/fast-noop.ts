import path from 'node:path';
import { engineSocket, imagesOverSocket, lookupImage } from '../engine/socket.js';
import { externalBaseIdentity } from '../plan/external-bases.js';
import {
  noopArgs,
  readNoopStamp,
  sameEnv,
  sameTree,
  sameVariables,
  snapshotTree,
  stampEnv,
} from '../state/noop-stamp.js';
import { STRATA_VERSION } from '../version.js';

/**
 * `strata build` when nothing changed: checked before the rest of strata is loaded (this module imports
 * only Node built-ins, the stamp and the plan's external-base identity), so a no-op build costs a Node
 * start, a walk of the tree and one engine query (plus the registry question the plan asks too, for an
 * external base the engine does not hold). Anything it is not sure of returns undefined and the ordinary path runs.
 */

/** What decides a build's result among its arguments; the rest (progress, jobs) only changes how it runs. */
export interface NoopArgs {
  root: string;
  /** Normalised: sorted image names, then `registry=R`. */
  args: string[];
  json: boolean;
}

/** Reads the build arguments the fast path understands; undefined for anything else. */
export function parseNoopArgs(argv: string[], cwd = process.cwd()): NoopArgs | undefined {
  const [command, ...rest] = argv;
  if (command !== 'build') return undefined;
  const images: string[] = [];
  let dir = '.';
  let registry: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const [flag, inline] =
      word.startsWith('--') && word.includes('=') ? word.split(/=(.*)/s) : [word, undefined];
    const value = (): string | undefined => inline ?? rest[++i];
    if (flag === '--json') json = true;
    else if (flag === '--dir') dir = value() ?? '';
    else if (flag === '--registry') registry = value();
    else if (flag === '--progress' || flag === '--jobs' || flag === '-j') value();
    else if (!word.startsWith('-')) images.push(word);
    else return undefined;
  }
  if (dir === '') return undefined;
  return {
    root: path.resolve(cwd, dir),
    args: noopArgs(images, registry),
    json,
  };
}

function sameArgs(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Answers `strata build` from the no-op stamp when every check passes; returns the exit code, or undefined
 * to let the ordinary path run.
 */
export async function tryFastNoop(
  argv: string[],
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<number | undefined> {
  const started = Date.now();
  const parsed = parseNoopArgs(argv);
  if (!parsed) return undefined;
  const stamp = readNoopStamp(parsed.root);
  if (!stamp || stamp.strata !== STRATA_VERSION || !sameArgs(stamp.args, parsed.args)) return undefined;
  if (!sameEnv(stamp.env, stampEnv(process.env))) return undefined;
  if (!sameVariables(stamp.variables, process.env)) return undefined;
  const tree = snapshotTree(parsed.root, new Set(stamp.skip));
  if (!tree || !sameTree(tree, stamp.tree)) return undefined;
  const socket = engineSocket(process.env);
  const images = socket ? await imagesOverSocket(socket) : undefined;
  if (!images) return undefined;
  for (const [ref, id] of Object.entries(stamp.engine)) {
    if (lookupImage(images, ref)?.id !== id) return undefined;
  }
  // External bases are identified exactly as the plan identifies them, with the engine's answers above.
  const held = { inspectImage: async (ref: string) => lookupImage(images, ref) };
  const identities = await Promise.all(stamp.externalBases.map((b) => externalBaseIdentity(b.ref, held)));
  if (identities.some((identity, i) => identity !== stamp.externalBases[i]!.identity)) return undefined;

  const reason = `nothing changed since the last build (${stamp.createdAt})`;
  if (parsed.json) {
    const images = stamp.images.map((image) => ({
      id: image.id,
      status: 'skipped',
      reason,
      tags: image.tags,
      fingerprint: image.fingerprint,
      imageId: image.tags[0] ? stamp.engine[image.tags[0]] : undefined,
    }));
    stdout.write(
      `${JSON.stringify({ ok: true, interrupted: false, durationMs: Date.now() - started, images }, null, 2)}\n`,
    );
  } else {
    const n = stamp.images.length;
    stdout.write(`${n} image${n === 1 ? '' : 's'} up to date: ${reason}\n`);
  }
  return 0;
}
