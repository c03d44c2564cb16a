import path from 'node:path';
import { finding, lineRange } from '../../knowledge/findings.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { familyInstalls } from './family-installs.js';

const REQUIREMENTS = /^requirements[^/]*\.txt$/;
/** Files teams keep on purpose for other uses than the image. */
const NOT_FOR_IMAGES = /(^|[-_.])(dev|test|tests|testing|lint|docs?|ci|local|mac|macos|windows|win)([-_.]|$)/;

/** A requirements file next to a Dockerfile that no image installs: its pins mislead readers. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-unused-requirements',
    category: 'family',
    severity: 'warning',
    enabledByDefault: false,
    description: 'A requirements file next to a Dockerfile is installed by no image',
  },
  scope: 'family',
  async check(ctx) {
    const family = await familyInstalls(ctx);
    const installed = new Set(
      family.flatMap((f) => [...f.inherited, ...f.own].flatMap((c) => c.requirementFiles)),
    );
    const unresolved = new Set(
      family.flatMap((f) =>
        f.own.flatMap((c) =>
          [...c.unresolvedFiles, ...(c.pip?.constraintFiles ?? [])].map((p) => path.posix.basename(p)),
        ),
      ),
    );
    const dockerDirs = new Set([
      ...ctx.discovery.dockerfiles.map((d) => path.posix.dirname(d)),
      ...ctx.graph.images.map((i) => i.context),
    ]);
    const dockerfileIn = new Map<string, string>();
    for (const d of ctx.discovery.dockerfiles) {
      const dir = path.posix.dirname(d);
      if (!dockerfileIn.has(dir)) dockerfileIn.set(dir, d);
    }
    const out: Finding[] = [];
    for (const file of ctx.discovery.dependencyFiles) {
      const base = path.posix.basename(file);
      if (!REQUIREMENTS.test(base) || NOT_FOR_IMAGES.test(base.replace(/\.txt$/, ''))) continue;
      if (!dockerDirs.has(path.posix.dirname(file)) || installed.has(file) || unresolved.has(base)) continue;
      const next = dockerfileIn.get(path.posix.dirname(file));
      out.push(
        finding(
          file,
          lineRange(1),
          `${file} sits ${next ? `next to ${next}` : 'in a build context'} but no image installs it: its pins are not what runs`,
          'install it (COPY it and `pip install -r` it) or delete it',
        ),
      );
    }
    return out;
  },
};
