import { satisfies, valid } from '@renovatebot/pep440';
import { runContainer } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, commandSpec, verdict } from '../context.js';
import type { ImportTest } from '../schema.js';
import { envArgs } from './command.js';

/**
 * Python that imports each module named in argv and prints one JSON line: module -> {version} or
 * {error}. The version is `__version__`, else the installed distribution's (importlib.metadata).
 */
const PROBE = [
  'import importlib, json, sys',
  'out = {}',
  'for name in sys.argv[1:]:',
  '    try:',
  '        m = importlib.import_module(name)',
  '        v = getattr(m, "__version__", None)',
  '        if not isinstance(v, str):',
  '            try:',
  '                from importlib.metadata import version',
  '                v = version(name)',
  '            except Exception:',
  '                v = None',
  '        out[name] = {"version": v}',
  '    except BaseException as e:',
  '        out[name] = {"error": type(e).__name__ + ": " + str(e)}',
  'print("STRATA-IMPORTS " + json.dumps(out))',
].join('\n');

interface Probe {
  version?: string | null;
  error?: string;
}

/** Reads the probe's line; undefined when the output has none. */
export function parseImportProbe(stdout: string): Record<string, Probe> | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('STRATA-IMPORTS '));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice('STRATA-IMPORTS '.length)) as Record<string, Probe>;
  } catch {
    return undefined;
  }
}

/** Every module imports in one container of the image, and each version satisfies its PEP 440 specifier. */
export async function runImportTest(ctx: CheckContext, test: ImportTest): Promise<CheckOutcome> {
  const env = envArgs(ctx.tests.globalEnvVars, ctx.config.env);
  const spec = commandSpec(ctx, ctx.ref, [test.python, '-c', PROBE, ...test.modules], env);
  const r = await runContainer(ctx.session.target, spec, { signal: ctx.signal });
  if (r.aborted) return { status: 'error', errors: ['interrupted'] };
  const probe = parseImportProbe(r.stdout);
  if (!probe)
    return verdict([
      `${test.python} could not run (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}`,
    ]);
  const errors: string[] = [];
  for (const name of test.modules) {
    const p = probe[name];
    if (!p || p.error) {
      errors.push(`import ${name} failed: ${p?.error ?? 'no result'}`);
      continue;
    }
    const wanted = test.versions[name];
    if (wanted === undefined) continue;
    if (!p.version) errors.push(`${name} has no version to check against ${wanted}`);
    else if (!valid(p.version) || !satisfies(p.version, wanted))
      errors.push(`${name} ${p.version} does not satisfy ${wanted}`);
  }
  return verdict(errors, { stdout: r.stdout, stderr: r.stderr });
}
