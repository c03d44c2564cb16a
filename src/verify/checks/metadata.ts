import { copyPathFromContainer } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import { goRegex } from '../regex.js';
import type { EnvVar, MetadataTest } from '../schema.js';

function checkPairs(actual: Record<string, string>, expected: EnvVar[], what: string): string[] {
  const errors: string[] = [];
  for (const e of expected) {
    const value = actual[e.key];
    if (value === undefined) errors.push(`${what} ${e.key} is not set`);
    else if (e.isRegex ? !goRegex(e.value).test(value) : value !== e.value)
      errors.push(`${what} ${e.key} is '${value}', expected ${e.isRegex ? `/${e.value}/` : `'${e.value}'`}`);
  }
  return errors;
}

/** `8000` and `8000/tcp` name the same exposed port. */
function portIn(port: string, list: string[]): boolean {
  const full = port.includes('/') ? port : `${port}/tcp`;
  return list.includes(full) || list.includes(port);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** uid of a user name (or numeric uid) in an /etc/passwd text; undefined when not there. */
export function uidOf(user: string, passwd: string): number | undefined {
  if (/^\d+$/.test(user)) return Number(user);
  for (const line of passwd.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
  }
  return undefined;
}

/**
 * The USER is not root: set, and its user part (name or uid, before `:`) resolves to a uid other than 0
 * in the image's own /etc/passwd. A numeric uid needs no passwd entry.
 */
async function nonRootErrors(ctx: CheckContext): Promise<string[]> {
  const user = ctx.config.user;
  if (user === '') return ['the image sets no USER: it runs as root'];
  const name = user.split(':')[0] ?? '';
  let passwd = '';
  if (!/^\d+$/.test(name)) {
    const container = await ctx.filesContainer();
    const found = await copyPathFromContainer(ctx.session.target, container, '/etc/passwd', {
      content: true,
      follow: true,
    });
    if (!found) return [`USER ${user}: the image has no /etc/passwd to resolve ${name} in`];
    passwd = found.content?.toString('utf8') ?? '';
  }
  const uid = uidOf(name, passwd);
  if (uid === undefined) return [`USER ${user}: no user ${name} in the image's /etc/passwd`];
  if (uid === 0) return [`USER ${user} is root (uid 0)`];
  return [];
}

/** The value a build arg has for this image in the family (compose/bake/strata.yaml args, else ARG default). */
function buildArgValue(ctx: CheckContext, key: string): string | undefined {
  const image = ctx.image;
  if (!image) return undefined;
  if (image.args[key] !== undefined) return image.args[key];
  const resolved = image.resolved;
  if (!resolved) return undefined;
  const arg = resolved.parsed.stages[resolved.targetStage]?.args.find((a) => a.name === key);
  return arg?.value ?? resolved.globalArgValues[key];
}

/** The image config (`docker image inspect`): CST's metadataTest, plus strata's nonRoot and envFromBuildArgs. */
export async function runMetadataTest(ctx: CheckContext, test: MetadataTest): Promise<CheckOutcome> {
  const c = ctx.config;
  const errors = [...checkPairs(c.env, test.envVars, 'env'), ...checkPairs(c.labels, test.labels, 'label')];
  for (const key of test.unboundEnvVars)
    if (key in c.env) errors.push(`env ${key} is set, expected it unset`);
  for (const p of test.exposedPorts) if (!portIn(p, c.exposedPorts)) errors.push(`port ${p} is not exposed`);
  for (const p of test.unexposedPorts) if (portIn(p, c.exposedPorts)) errors.push(`port ${p} is exposed`);
  for (const v of test.volumes) if (!c.volumes.includes(v)) errors.push(`volume ${v} is not declared`);
  for (const v of test.unmountedVolumes) if (c.volumes.includes(v)) errors.push(`volume ${v} is declared`);
  if (test.entrypoint && !sameList(test.entrypoint, c.entrypoint))
    errors.push(`entrypoint is ${JSON.stringify(c.entrypoint)}, expected ${JSON.stringify(test.entrypoint)}`);
  if (test.cmd && !sameList(test.cmd, c.cmd))
    errors.push(`cmd is ${JSON.stringify(c.cmd)}, expected ${JSON.stringify(test.cmd)}`);
  if (test.workdir !== undefined && test.workdir !== c.workdir)
    errors.push(`workdir is '${c.workdir}', expected '${test.workdir}'`);
  if (test.user !== undefined && test.user !== c.user)
    errors.push(`user is '${c.user}', expected '${test.user}'`);
  if (test.nonRoot) errors.push(...(await nonRootErrors(ctx)));
  for (const key of test.envFromBuildArgs) {
    const expected = buildArgValue(ctx, key);
    if (expected === undefined) errors.push(`env ${key}: the family gives this image no build arg ${key}`);
    else if (c.env[key] !== expected)
      errors.push(`env ${key} is '${c.env[key] ?? '(unset)'}', expected '${expected}' from build arg ${key}`);
  }
  return verdict(errors);
}
