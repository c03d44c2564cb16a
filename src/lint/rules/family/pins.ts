import { eq, valid } from '@renovatebot/pep440';
import type { Range } from '../../../model/dockerfile.js';
import { lineRange } from '../../knowledge/findings.js';
import { readRequirements } from '../../knowledge/installs.js';
import { packageOfVersionVariable } from '../../knowledge/package-names.js';
import { isVersionsFile } from '../../knowledge/versions-file.js';
import type { LintContext } from '../../rule.js';
import { firstLine } from '../../stages.js';
import { familyInstalls } from './family-installs.js';

/** A version pinned somewhere in the repository. */
export interface Pin {
  name: string;
  version: string;
  file: string;
  line: number;
  range: Range;
  /** Images whose install reads this pin. */
  images: string[];
  kind: 'install' | 'requirements' | 'arg';
}

const REQUIREMENTS = /(^|\/)(requirements[^/]*\.(txt|in)|constraints[^/]*\.txt)$/;

const cache = new WeakMap<LintContext, Promise<Pin[]>>();

/** Pins of installs (Dockerfiles and the requirement files they read), other requirement files and ARG defaults. */
export function collectPins(ctx: LintContext): Promise<Pin[]> {
  let hit = cache.get(ctx);
  if (!hit) {
    hit = readPins(ctx);
    cache.set(ctx, hit);
  }
  return hit;
}

async function readPins(ctx: LintContext): Promise<Pin[]> {
  const pins = new Map<string, Pin>();
  const imagesOf = new Map<string, Set<string>>();
  const add = (pin: Pin) => {
    const key = `${pin.file}:${pin.line}:${pin.name}`;
    const prev = pins.get(key);
    const seen = imagesOf.get(key);
    if (!prev || !seen) {
      pins.set(key, pin);
      imagesOf.set(key, new Set(pin.images));
      return;
    }
    for (const id of pin.images) {
      if (seen.has(id)) continue;
      seen.add(id);
      prev.images.push(id);
    }
  };
  for (const installs of await familyInstalls(ctx)) {
    for (const call of installs.own) {
      if (call.manager === 'apt' || call.manager === 'apk' || call.manager === 'yum') continue;
      for (const pkg of call.packages) {
        if (!pkg.version || !valid(pkg.version)) continue;
        const range = pkg.file === call.dockerfile ? firstLine(call.instruction) : lineRange(pkg.line);
        add({
          name: pkg.name,
          version: pkg.version,
          file: pkg.file,
          line: range.line,
          range,
          images: [call.imageId],
          kind: 'install',
        });
      }
    }
  }
  const files = ctx.discovery.dependencyFiles.filter((f) => REQUIREMENTS.test(f) && !isVersionsFile(f));
  const parsed = await Promise.all(files.map((f) => readRequirements(f, ctx)));
  for (const [i, file] of files.entries()) {
    const requirements = parsed[i]?.requirements ?? [];
    for (const req of requirements) {
      if (!req.name || !req.version) continue;
      add({
        name: req.name,
        version: req.version,
        file,
        line: req.line,
        range: lineRange(req.line),
        images: [],
        kind: 'requirements',
      });
    }
  }
  for (const parsed of ctx.dockerfiles.values()) {
    const args = [...parsed.globalArgs, ...parsed.stages.flatMap((s) => s.args)];
    for (const arg of args) {
      const name = arg.value ? packageOfVersionVariable(arg.name) : undefined;
      if (!name || !arg.value || !valid(arg.value) || name === 'cuda' || name === 'python') continue;
      add({
        name,
        version: arg.value,
        file: parsed.file,
        line: arg.line,
        range: lineRange(arg.line),
        images: [],
        kind: 'arg',
      });
    }
  }
  return [...pins.values()];
}

/** Same version for strata's purpose: equal public versions, and equal local labels when both have one. */
export function sameVersion(a: string, b: string): boolean {
  const [pa = '', la] = a.split('+');
  const [pb = '', lb] = b.split('+');
  const publicEqual = valid(pa) && valid(pb) ? eq(pa, pb) : pa === pb;
  return publicEqual && (la === undefined || lb === undefined || la === lb);
}
