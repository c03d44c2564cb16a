import { pulledBases } from '../../images.js';
import type { ImageRule } from '../../rule.js';
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
    enabledByDefault: false,
    hadolint: 'DL3006',
    description: 'FROM should name an image tag or digest',
  },
  scope: 'image',
  check(image, ctx) {
    const parsed = image.resolved?.parsed;
    if (!parsed) return [];
    return pulledBases(image, ctx.graph)
      .filter(({ ref }) => ref.tag === undefined && ref.digest === undefined)
      .map(({ stage, ref, from }) => {
        const via = stage.fromResolved !== parsed.stages[stage.index]?.from ? ` (${stage.fromResolved})` : '';
        return findingAt(
          parsed,
          from,
          `FROM ${ref.raw}${via} has no tag: it pulls whatever latest is at build time`,
          `pin a tag, e.g. FROM ${ref.raw}:<version>, or a digest`,
        );
      });
  },
};
