import type { BuildPlan, PlanAction, PlanReason } from '../model/plan.js';

export interface PlanSummary {
  build: number;
  skip: number;
  reuse: number;
}

export function summarisePlan(plan: BuildPlan): PlanSummary {
  const count = (action: PlanAction) => plan.images.filter((img) => img.action === action).length;
  return { build: count('build'), skip: count('skip'), reuse: count('reuse') };
}

/** Styling hooks for the text form (the CLI passes colours; the default is plain text). */
export interface PlanStyle {
  action(action: PlanAction, text: string): string;
  dim(text: string): string;
}

const plain: PlanStyle = { action: (_a, t) => t, dim: (t) => t };

/**
 * The plan as text: one block per wave, one line per image with its action and tags, then one indented
 * line per reason, and a count at the end. `strata plan` and `strata build --dry-run` print this.
 */
export function renderPlan(plan: BuildPlan, style: PlanStyle = plain): string {
  const byId = new Map(plan.images.map((img) => [img.id, img]));
  const lines: string[] = [];
  plan.waves.forEach((wave, i) => {
    lines.push(style.dim(`wave ${i + 1}`));
    for (const id of wave) {
      const image = byId.get(id);
      if (!image) continue;
      const tags = image.tags.length > 0 ? style.dim(` (${image.tags.join(', ')})`) : '';
      lines.push(`  ${style.action(image.action, image.action.padEnd(5))} ${image.id}${tags}`);
      for (const reason of image.reasons) lines.push(`          ${reasonText(reason)}`);
    }
  });
  const s = summarisePlan(plan);
  const parts = [
    `${s.build} to build`,
    ...(s.reuse > 0 ? [`${s.reuse} to reuse`] : []),
    `${s.skip} up to date`,
  ];
  lines.push(plan.images.length === 0 ? 'nothing to plan: no image found' : parts.join(', '));
  return `${lines.join('\n')}\n`;
}

function reasonText(reason: PlanReason): string {
  if (reason.kind === 'files-changed' && reason.subjects && reason.subjects.length > 1) {
    const shown = reason.subjects.slice(0, 3).join(', ');
    return `${reason.message}: ${shown}${reason.subjects.length > 3 ? ', ...' : ''}`;
  }
  return reason.message;
}

/** The `--json` form of a plan; its schema is described in docs/plan-json.md. */
export interface PlanJson {
  version: 1;
  images: {
    id: string;
    tags: string[];
    action: PlanAction;
    reasons: PlanReason[];
    fingerprint: string;
    parents: string[];
    reuseFrom?: string;
    blocked?: true;
  }[];
  waves: string[][];
  summary: PlanSummary;
}

export function planToJson(plan: BuildPlan): PlanJson {
  return {
    version: 1,
    images: plan.images.map((img) => ({
      id: img.id,
      tags: img.tags,
      action: img.action,
      reasons: img.reasons,
      fingerprint: img.fingerprint,
      parents: img.parents,
      ...(img.reuseFrom ? { reuseFrom: img.reuseFrom } : {}),
      ...(img.blocked ? { blocked: true as const } : {}),
    })),
    waves: plan.waves,
    summary: summarisePlan(plan),
  };
}
