import { createEngine } from '../../engine/client.js';
import type { PlanAction } from '../../model/plan.js';
import { computePlan, planToJson, renderPlan } from '../../plan/index.js';
import { scanRepository } from '../../scan.js';
import type { CliIO, RegisterCommand } from '../context.js';
import { type Colors, colors, formatDiagnostic, printJson, write } from '../output.js';
import { addVariableOptions, type VariableFlags, variableScanOptions } from '../scan-options.js';

interface PlanOptions {
  dir: string;
  registry?: string;
  deps: boolean;
  json?: boolean;
  force?: boolean;
}

/** The plan text with build / skip / reuse in colour. */
export function colouredPlanStyle(c: Colors) {
  const paint: Record<PlanAction, (s: string) => string> = { build: c.yellow, skip: c.green, reuse: c.cyan };
  return { action: (action: PlanAction, text: string) => paint[action](text), dim: c.dim };
}

export const register: RegisterCommand = (program, io: CliIO) => {
  const command = program
    .command('plan')
    .description('say, for every image, whether a build would build, skip or reuse it, and why')
    .argument(
      '[images...]',
      'images to plan (id, tag or compose service), with their ancestors; all when none',
    )
    .option('--dir <dir>', 'repository folder', '.')
    .option('--registry <registry>', 'registry holding images by fingerprint (R/<name>:fp-<fingerprint>)')
    .option('--no-deps', 'plan only the named images, not their ancestors')
    .option('--force', 'plan every selected image as a build')
    .option('--json', 'print the plan as JSON (see docs/plan-json.md)');
  addVariableOptions(command).action(async (images: string[], opts: PlanOptions & VariableFlags) => {
    const { graph } = await scanRepository(opts.dir, variableScanOptions(opts));
    const c = colors(io);
    for (const d of graph.diagnostics) if (d.severity === 'error') write(io.stderr, formatDiagnostic(d, c));
    const engine = createEngine();
    const plan = await computePlan(graph, {
      engine,
      selection: images,
      noDeps: !opts.deps,
      ...(opts.registry ? { registry: opts.registry } : {}),
      ...(opts.force ? { force: true } : {}),
    });
    for (const w of plan.warnings ?? []) write(io.stderr, `${c.yellow('warning')} ${w}`);
    if (opts.json) printJson(io, planToJson(plan));
    else write(io.stdout, renderPlan(plan, colouredPlanStyle(c)));
    // An image whose definition file does not parse cannot be built as it is defined.
    io.exitCode = plan.images.some((p) => p.blocked) ? 1 : 0;
  });
};
