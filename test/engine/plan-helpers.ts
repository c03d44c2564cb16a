import { carryOutPlan } from '../../src/build/carry-out.js';
import { createEngine } from '../../src/engine/client.js';
import type { EngineClient } from '../../src/engine/types.js';
import type { ImageGraph } from '../../src/model/graph.js';
import type { ComputedPlan } from '../../src/plan/compute.js';

/**
 * Carries out a plan with the scheduler and the plan hooks (reuse from the registry, state, fingerprint
 * pushes). Returns the ids per status; throws when an image failed or a hook did.
 */
export async function carryOut(
  graph: ImageGraph,
  plan: ComputedPlan,
  engine: EngineClient = createEngine(),
): Promise<{ built: string[]; reused: string[] }> {
  const result = await carryOutPlan(graph, plan, { engine, probe: false, jobs: 2 });
  const problems = result.images.flatMap((r) =>
    r.status === 'failed'
      ? [`${r.id}: ${r.failure?.message}`]
      : (r.warnings ?? []).map((w) => `${r.id}: ${w}`),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const ids = (status: string) => result.images.filter((r) => r.status === status).map((r) => r.id);
  return { built: ids('built'), reused: ids('reused') };
}

/** id -> action, for compact assertions. */
export function actions(plan: ComputedPlan): Record<string, string> {
  return Object.fromEntries(plan.images.map((p) => [p.id, p.action]));
}

/** id -> reason messages. */
export function reasons(plan: ComputedPlan): Record<string, string[]> {
  return Object.fromEntries(plan.images.map((p) => [p.id, p.reasons.map((r) => r.message)]));
}
