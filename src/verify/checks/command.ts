import { commitContainer, removeContainers, runContainer } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, commandSpec, verdict } from '../context.js';
import { matchPatterns } from '../regex.js';
import type { CommandTest, EnvVar } from '../schema.js';

/** Go's os.Expand over the image's environment: `$VAR` and `${VAR}`, unknown names empty (as CST does). */
export function expandEnv(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_, braced, bare) => env[braced ?? bare] ?? '',
  );
}

export function envArgs(vars: EnvVar[], env: Record<string, string>): string[] {
  return vars.map((v) => `${v.key}=${expandEnv(v.value, env)}`);
}

/**
 * A command test, as CST's docker driver runs it: each setup command in its own container, committed to a
 * temporary image; then the command in a fresh container of that image; stdout, stderr and the exit
 * code are matched. Teardown has nothing to undo (every test has its own containers) and is not run.
 */
export async function runCommandTest(ctx: CheckContext, test: CommandTest): Promise<CheckOutcome> {
  const env = envArgs([...ctx.tests.globalEnvVars, ...test.envVars], ctx.config.env);
  let image = ctx.ref;
  for (const setup of test.setup) {
    if (setup.length === 0) continue;
    const spec = commandSpec(ctx, image, setup, env);
    const r = await runContainer(ctx.session.target, spec, { remove: false, signal: ctx.signal });
    if (r.aborted) return { status: 'error', errors: ['interrupted during setup'] };
    if (r.code !== 0) {
      await removeContainers(ctx.session.target, [spec.name]);
      return {
        status: 'failed',
        errors: [
          `setup command \`${setup.join(' ')}\` exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`,
        ],
      };
    }
    const tag = ctx.session.imageTag();
    const committed = await commitContainer(ctx.session.target, spec.name, tag);
    await removeContainers(ctx.session.target, [spec.name]);
    if (committed.code !== 0)
      return { status: 'error', errors: [`docker commit: ${committed.stderr.trim()}`] };
    image = tag;
  }
  const spec = commandSpec(ctx, image, [test.command, ...test.args], env);
  const r = await runContainer(ctx.session.target, spec, { signal: ctx.signal });
  if (r.aborted) return { status: 'error', errors: ['interrupted'] };
  // `docker run` itself answers 125-127 when the container could not be made or the command not started.
  if (r.code === 125) return { status: 'error', errors: [`docker run: ${r.stderr.trim()}`] };
  const errors = [
    ...matchPatterns(r.stdout, test.expectedOutput, test.excludedOutput, 'output'),
    ...matchPatterns(r.stderr, test.expectedError, test.excludedError, 'error'),
  ];
  if (r.code !== test.exitCode) {
    const why = r.code === 127 || r.code === 126 ? `: ${r.stderr.trim()}` : '';
    errors.unshift(`exit code ${r.code}, expected ${test.exitCode}${why}`);
  }
  return verdict(errors, { stdout: r.stdout, stderr: r.stderr });
}
