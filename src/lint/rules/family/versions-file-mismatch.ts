import { baseCudaOf } from '../../knowledge/base-image.js';
import { cudaMinor } from '../../knowledge/cuda.js';
import { finding } from '../../knowledge/findings.js';
import { parentImage } from '../../knowledge/installs.js';
import { isVersionsFile, parseVersionsFile, type StatedVersion } from '../../knowledge/versions-file.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { chainStages, finalChain, firstLine } from '../../stages.js';
import { collectPins, sameVersion } from './pins.js';

/** `docker/versions.txt` says torch 2.1.0; an image installs 2.0.1: the file people trust is wrong. */
export const rule: FamilyRule = {
  meta: {
    id: 'family-versions-file-mismatch',
    category: 'family',
    severity: 'warning',
    enabledByDefault: true,
    description: 'A versions file (versions.txt, .env) disagrees with what the Dockerfiles install',
  },
  scope: 'family',
  async check(ctx) {
    const stated: (StatedVersion & { file: string })[] = [];
    for (const file of ctx.discovery.dependencyFiles) {
      if (!isVersionsFile(file)) continue;
      const text = await ctx.readFile(file);
      if (text !== undefined) stated.push(...parseVersionsFile(text, file).map((s) => ({ ...s, file })));
    }
    if (stated.length === 0) return [];
    const out: Finding[] = [];
    const pins = (await collectPins(ctx)).filter((p) => p.kind !== 'requirements' || p.images.length > 0);
    for (const s of stated) {
      if (s.name === 'cuda') {
        for (const image of ctx.graph.images) {
          const base = baseCudaOf(image, ctx.graph);
          const from =
            image.resolved &&
            chainStages(image.resolved.parsed, finalChain(image.resolved))[0]?.fromInstruction;
          if (!base?.cuda.cuda || !from || cudaMinor(s.version) === base.cuda.cuda) continue;
          if (parentImage(image, ctx.graph)) continue;
          out.push(
            finding(
              image.dockerfile,
              firstLine(from),
              `${s.file}:${s.line} says CUDA ${s.version}, but ${image.id} starts from ${base.ref.familiar} (CUDA ${base.cuda.cuda})`,
              `make the base tag and ${s.key} agree (build the FROM tag from the ARG, or update ${s.file})`,
            ),
          );
        }
        continue;
      }
      const installed = new Set(
        pins.filter((p) => p.kind === 'install' && p.name === s.name).map((p) => p.file),
      );
      for (const pin of pins) {
        if (pin.name !== s.name || sameVersion(pin.version, s.version)) continue;
        if (pin.kind === 'arg' && installed.has(pin.file)) continue;
        out.push(
          finding(
            pin.file,
            pin.range,
            `${s.file}:${s.line} says ${s.name} ${s.version}, but ${pin.images.length ? pin.images.join(', ') : 'this file'} ${pin.kind === 'arg' ? 'defaults to' : 'installs'} ${pin.version}`,
            `install the version ${s.file} states, or update ${s.file}; better, read the version from it (ARG + --build-arg)`,
          ),
        );
      }
    }
    return out;
  },
};
