import { baseCudaOf, externalBaseOf } from '../../knowledge/base-image.js';
import { packageFinding, where } from '../../knowledge/findings.js';
import { imageInstalls } from '../../knowledge/installs.js';
import type { Finding, ImageRule } from '../../rule.js';
import { extensionBuilds, installsTorch } from './torch-extension-installs.js';

/** pytorch3d, detectron2, flash-attn...: their build imports torch, so torch must be installed first. */
export const rule: ImageRule = {
  meta: {
    id: 'torch-extension-order',
    category: 'reliability',
    severity: 'error',
    enabledByDefault: true,
    description: 'A package that compiles against torch is installed before torch, or in the same pip call',
  },
  scope: 'image',
  async check(image, ctx) {
    const installs = await imageInstalls(image, ctx);
    if (!installs) return [];
    const finalSequence = [...installs.inherited, ...installs.own.filter((c) => c.inFinalImage)];
    const baseHasTorch = baseCudaOf(image, ctx.graph)?.cuda.hasTorch ?? false;
    const baseKnown = externalBaseOf(image, ctx.graph) !== undefined;
    const out: Finding[] = [];
    for (const call of installs.own) {
      const sequence = call.inFinalImage ? finalSequence : installs.own.filter((c) => c.stage === call.stage);
      const i = sequence.indexOf(call);
      for (const build of extensionBuilds(call)) {
        if (installsTorch(call)) {
          out.push(
            packageFinding(
              call,
              build.pkg,
              `${build.label} is installed in the same pip call as torch (${where(call)}): pip builds ${build.label} before torch is installed, and its setup.py fails with "No module named 'torch'"`,
              `install torch in its own RUN first, then \`pip install --no-build-isolation ${build.label}...\``,
            ),
          );
          continue;
        }
        if ((call.inFinalImage && baseHasTorch) || sequence.slice(0, i).some(installsTorch)) continue;
        const later = sequence.slice(i + 1).find(installsTorch);
        if (!later && !baseKnown) continue;
        out.push(
          packageFinding(
            call,
            build.pkg,
            later
              ? `${build.label} is built before torch is installed (torch comes at ${where(later)}): its build imports torch and fails`
              : `${build.label} compiles against torch, but neither this image, its parent images nor its base install torch before it`,
            'install torch (in this image or its parent) before building the extension, then use --no-build-isolation',
          ),
        );
      }
    }
    return out;
  },
};
