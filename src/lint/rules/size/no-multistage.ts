import type { ImageRule } from '../../rule.js';
import { findingAt, firstLine } from '../../stages.js';
import { buildToolsKept, develBase } from './build-tools.js';

const COMPILERS =
  /^(build-essential|gcc|g\+\+|clang|cmake|gfortran|build-base|alpine-sdk|cuda-nvcc|cuda-toolkit)(-[\d.-]+)?$/;

/** A single-stage Dockerfile that installs a compiler only to build: the image keeps it forever. */
export const rule: ImageRule = {
  meta: {
    id: 'size-no-multistage',
    category: 'size',
    severity: 'info',
    enabledByDefault: false,
    description: 'A single-stage build installs a compiler (or uses a CUDA devel base) that the image keeps',
  },
  scope: 'image',
  check(image) {
    const r = image.resolved;
    if (!r) return [];
    if (r.parsed.stages.length !== 1) return [];
    const devel = develBase(r);
    if (devel) {
      return [
        findingAt(
          r.parsed,
          devel.from,
          `the only stage starts FROM ${devel.ref}, a CUDA devel image: the compiler toolchain ships with the image`,
          'build in a FROM ...-devel AS build stage and copy the results into a FROM ...-runtime stage',
        ),
      ];
    }
    const kept = buildToolsKept(r).find((k) => k.tools.some((t) => COMPILERS.test(t)));
    if (!kept) return [];
    const compilers = kept.tools.filter((t) => COMPILERS.test(t));
    return [
      findingAt(
        r.parsed,
        firstLine(kept.instruction),
        `a single-stage build installs ${compilers.join(', ')}: the compiler is only needed to build, yet every container carries it`,
        'move the compile steps to a builder stage (FROM ... AS build) and COPY --from=build only the results',
      ),
    ];
  },
};
