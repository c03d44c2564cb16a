import { engineRuntimes, runContainer } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, commandSpec, verdict } from '../context.js';
import type { GpuTest } from '../schema.js';

const TORCH_PROBE =
  'import torch, sys; ok = torch.cuda.is_available(); print("cuda", ok); sys.exit(0 if ok else 1)';

/**
 * With a GPU runtime on the engine (`nvidia` in `docker info` Runtimes), runs the command (default
 * `nvidia-smi`) and, with `torch: true`, `torch.cuda.is_available()` under `--gpus all`. Without one the
 * test is skipped with the reason: never reported as passed.
 */
export async function runGpuTest(ctx: CheckContext, test: GpuTest): Promise<CheckOutcome> {
  const runtimes = await engineRuntimes(ctx.session.target);
  if (!runtimes.includes('nvidia')) {
    return {
      status: 'skipped',
      errors: [],
      reason: `the engine has no GPU runtime (runtimes: ${runtimes.join(', ') || 'none'}); not run`,
    };
  }
  const commands = [test.command, ...(test.torch ? [['python3', '-c', TORCH_PROBE]] : [])];
  const errors: string[] = [];
  for (const command of commands) {
    if (command.length === 0) continue;
    const spec = { ...commandSpec(ctx, ctx.ref, command, []), gpus: 'all' };
    const r = await runContainer(ctx.session.target, spec, { signal: ctx.signal });
    if (r.aborted) return { status: 'error', errors: ['interrupted'] };
    if (r.code !== 0)
      errors.push(
        `\`${command.join(' ')}\` with --gpus all exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`,
      );
  }
  return verdict(errors);
}
