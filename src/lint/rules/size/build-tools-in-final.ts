import type { Finding, ImageRule } from '../../rule.js';
import { findingAt, firstLine } from '../../stages.js';
import { buildToolsKept, develBase } from './build-tools.js';

/** A multi-stage build that still ships its compilers (or a CUDA devel base) in the final stage. */
export const rule: ImageRule = {
  meta: {
    id: 'size-build-tools-in-final',
    category: 'size',
    severity: 'warning',
    enabledByDefault: false,
    description: 'Build tools or a CUDA devel base end up in the final stage of a multi-stage build',
  },
  scope: 'image',
  check(image) {
    const r = image.resolved;
    if (!r || r.parsed.stages.length < 2) return [];
    const out: Finding[] = [];
    const devel = develBase(r);
    if (devel) {
      out.push(
        findingAt(
          r.parsed,
          devel.from,
          `the final stage starts FROM ${devel.ref}, a CUDA devel image (nvcc, headers, static libraries: several GB more than runtime)`,
          'build in a devel stage and start the final stage FROM the matching -runtime tag, copying the built artifacts',
        ),
      );
    }
    for (const { instruction, tools } of buildToolsKept(r)) {
      out.push(
        findingAt(
          r.parsed,
          firstLine(instruction),
          `the final stage installs build tools (${tools.join(', ')}) although the Dockerfile has a build stage`,
          'install the build tools in the builder stage only and COPY --from it what the build produced',
        ),
      );
    }
    return out;
  },
};
