import { packageFinding } from '../../knowledge/findings.js';
import { imageInstalls } from '../../knowledge/installs.js';
import type { Finding, ImageRule } from '../../rule.js';
import { extensionBuilds } from './torch-extension-installs.js';

/** Build isolation hides the installed torch: the extension builds against another one, or not at all. */
export const rule: ImageRule = {
  meta: {
    id: 'torch-extension-build-isolation',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: true,
    description: 'A package that compiles against torch is built without --no-build-isolation',
  },
  scope: 'image',
  async check(image, ctx) {
    const installs = await imageInstalls(image, ctx);
    if (!installs) return [];
    const out: Finding[] = [];
    for (const call of installs.own) {
      if (call.pip?.noBuildIsolation) continue;
      for (const build of extensionBuilds(call)) {
        out.push(
          packageFinding(
            call,
            build.pkg,
            `${build.label} is built from source with pip's build isolation: the build cannot see the installed torch, so it fails with "No module named 'torch'" or builds against a freshly downloaded torch of another CUDA`,
            `add --no-build-isolation to this pip install (torch must already be installed)`,
          ),
        );
      }
    }
    return out;
  },
};
