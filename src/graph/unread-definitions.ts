import { dirOf } from '../discover/local-path.js';
import type { ImageGraph } from '../model/graph.js';

/** Diagnostics that mean a whole definition file was not read (its syntax is broken). */
export const UNREAD_DEFINITION_CODES = new Set([
  'STRATA_COMPOSE_YAML',
  'STRATA_BAKE_SYNTAX',
  'STRATA_CONFIG_YAML',
]);

/**
 * Images that a compose, bake or strata.yaml file which does not parse may define: those under its folder
 * that nothing else defines (only found as a Dockerfile). Building them would give an untagged image
 * without the args, target or contexts the file gives; they fail instead. Image id -> `file:line:
 * message` of the file's error. Pure.
 */
export function unreadDefinitions(graph: ImageGraph): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of graph.diagnostics) {
    if (d.severity !== 'error' || !UNREAD_DEFINITION_CODES.has(d.code) || !d.file) continue;
    const folder = dirOf(d.file);
    const where = `${d.file}${d.line ? `:${d.line}` : ''}`;
    for (const image of graph.images) {
      if (out[image.id] || !image.origins.every((o) => o.kind === 'dockerfile')) continue;
      if (folder !== '.' && image.dockerfile !== folder && !image.dockerfile.startsWith(`${folder}/`))
        continue;
      out[image.id] = `${where}: ${d.message}; the images it defines are not built until it parses`;
    }
  }
  return out;
}
