import path from 'node:path';
import { isRemoteContext } from '../discover/index.js';
import type { BuildRequest } from '../engine/types.js';
import { remoteDockerfilePath } from '../graph/index.js';
import type { Image, ImageGraph } from '../model/graph.js';
import type { PlannedImage } from '../model/plan.js';
import { planLabels } from '../plan/fingerprint.js';

/** Next to the plan's labels (the fingerprint), the label strata puts on every image it builds: which image of the family it is. */
export const IMAGE_LABEL = 'org.strata.image';

export class RequestError extends Error {}

/**
 * A named context as the engine takes it: `target:x` / `service:x` become the image the graph builds
 * for x (`docker-image://<its first tag>`), relative paths become absolute, the rest is passed on.
 */
export function resolveNamedContext(graph: ImageGraph, value: string): string {
  const link = value.match(/^(target|service):(.+)$/);
  if (link?.[2]) {
    const parent = graph.images.find((i) => i.id === link[2] || i.origins.some((o) => o.name === link[2]));
    const tag = parent?.tags[0];
    if (!tag)
      throw new RequestError(`named context ${value}: no image of the graph with a tag builds ${link[2]}`);
    return `docker-image://${tag}`;
  }
  if (isRemoteContext(value)) return value;
  return path.resolve(graph.root, value);
}

/** The engine request for one planned image: paths made absolute, strata's labels added. */
export function requestFor(
  graph: ImageGraph,
  image: Image,
  planned: PlannedImage,
  inlineDockerfiles: Record<string, string> = {},
): BuildRequest {
  const inline = image.dockerfile.startsWith('<inline:') ? inlineDockerfiles[image.dockerfile] : undefined;
  if (image.dockerfile.startsWith('<inline:') && inline === undefined) {
    throw new RequestError(
      `${image.id}: the text of its inline Dockerfile ${image.dockerfile} was not given`,
    );
  }
  const request: BuildRequest = {
    // A remote context's Dockerfile is a path inside that context, as `docker build -f PATH URL` takes it.
    dockerfile:
      inline !== undefined
        ? '-'
        : (remoteDockerfilePath(image.dockerfile) ?? path.resolve(graph.root, image.dockerfile)),
    context: isRemoteContext(image.context) ? image.context : path.resolve(graph.root, image.context),
    args: { ...image.args },
    tags: planned.tags.length > 0 ? [...planned.tags] : [...image.tags],
    labels: { ...planLabels(planned), [IMAGE_LABEL]: image.id },
  };
  if (inline !== undefined) request.dockerfileText = inline;
  if (image.target) request.target = image.target;
  if (image.platforms.length === 1 && image.platforms[0]) request.platform = image.platforms[0];
  const contexts = Object.entries(image.contexts);
  if (contexts.length > 0) {
    request.namedContexts = Object.fromEntries(contexts.map(([k, v]) => [k, resolveNamedContext(graph, v)]));
  }
  return request;
}

/** `<logs>/<id>.log`, the id made safe for a file name. */
export function logFileFor(logDir: string, id: string): string {
  return path.join(logDir, `${id.replace(/[^\w.-]+/g, '_')}.log`);
}
