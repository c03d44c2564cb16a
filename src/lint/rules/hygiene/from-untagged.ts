import { isFamilyImage } from '../../images.js';
import type { Finding, ImageRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/**
 * DL3006: a FROM image without a tag or digest means `latest`, whatever that is today. Judged after ARGs
 * are substituted (`FROM ${BASE}` with `ARG BASE=python:3.12` is tagged); stage names and scratch are not
 * images, and neither is a base the repository builds itself.
 */
export const rule: ImageRule = {
  meta: {
    id: 'from-untagged',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: true,
    hadolint: 'DL3006',
    description: 'FROM should name an image tag or digest',
  },
  scope: 'image',
  check(image, ctx) {
    const resolved = image.resolved;
    if (!resolved) return [];
    const out: Finding[] = [];
    for (const stage of resolved.stages) {
      if (stage.base.kind !== 'image') continue;
      const { ref } = stage.base;
      if (ref.tag !== undefined || ref.digest !== undefined || isFamilyImage(ref, ctx.graph)) continue;
      const from = resolved.parsed.stages[stage.index]?.fromInstruction;
      if (!from) continue;
      const via =
        stage.fromResolved !== resolved.parsed.stages[stage.index]?.from ? ` (${stage.fromResolved})` : '';
      out.push(
        findingAt(
          resolved.parsed,
          from,
          `FROM ${ref.raw}${via} has no tag: it pulls whatever latest is at build time`,
          `pin a tag, e.g. FROM ${ref.raw}:<version>, or a digest`,
        ),
      );
    }
    return out;
  },
};
