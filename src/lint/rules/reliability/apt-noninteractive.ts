import type { ImageRule } from '../../rule.js';
import { aptFinding, interactiveAptCalls, promptingPackages } from './apt-frontend.js';

/** apt installs without DEBIAN_FRONTEND=noninteractive: the next package added may bring a prompt. */
export const rule: ImageRule = {
  meta: {
    id: 'apt-noninteractive',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: true,
    description: 'apt-get install runs without DEBIAN_FRONTEND=noninteractive',
  },
  scope: 'image',
  async check(image, ctx) {
    return (await interactiveAptCalls(image, ctx))
      .filter((call) => promptingPackages(call).length === 0)
      .map((call) =>
        aptFinding(
          call,
          'apt-get install runs without DEBIAN_FRONTEND=noninteractive: a package that asks a question (tzdata, keyboard-configuration) hangs the build',
        ),
      );
  },
};
