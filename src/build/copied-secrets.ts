import { defaultLintConfig } from '../lint/config.js';
import { lintGraph } from '../lint/engine.js';
import { findRule } from '../lint/registry.js';
import type { Discovery } from '../model/definition.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { ImageGraph } from '../model/graph.js';

/** The lint rule whose findings a build repeats: `.env` files, private keys and credentials a COPY puts into an image. */
export const COPIED_SECRET_RULE = 'context-secret-copied';

/**
 * Secrets the builds of `ids` would copy into their images, as warnings (file:line of the COPY, the
 * secret's path, the fix): what `strata lint` reports as context-secret-copied, said again when it is
 * about to happen. Pass secrets with `--secret` / `--ssh` (RUN --mount=type=secret,ssh) instead.
 */
export async function copiedSecrets(
  graph: ImageGraph,
  discovery: Discovery,
  ids: readonly string[],
): Promise<Diagnostic[]> {
  const rule = findRule(COPIED_SECRET_RULE);
  const wanted = new Set(ids);
  if (!rule || wanted.size === 0) return [];
  const images = graph.images.filter((image) => wanted.has(image.id));
  const result = await lintGraph(
    { root: graph.root, graph: { ...graph, images }, discovery },
    // The rule is off by default in `strata lint` (docs/rules/context-secret-copied.md); a build says it always.
    { rules: [rule], config: { ...defaultLintConfig(), enable: [COPIED_SECRET_RULE] } },
  );
  return result.diagnostics.map(({ rule: _rule, ...d }) => ({
    ...d,
    severity: 'warning' as const,
    hint: `${d.hint ?? ''}; a build passes secrets with --secret id=NAME,src=FILE or --ssh default`.replace(
      /^; /,
      '',
    ),
  }));
}
