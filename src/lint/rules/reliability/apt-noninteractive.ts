import { pullsTzdataPrompt } from '../../knowledge/apt-packages.js';
import type { ImageRule } from '../../rule.js';
import { aptFinding, interactiveAptCalls } from './apt-frontend.js';

/** apt installs without DEBIAN_FRONTEND=noninteractive: the next package added may bring a prompt. */
export const rule: ImageRule = {
  meta: {
    id: 'apt-noninteractive',
    category: 'reliability',
    severity: 'warning',
    enabledByDefault: false,
    description: 'apt-get install runs without DEBIAN_FRONTEND=noninteractive',
  },
  scope: 'image',
  async check(image, ctx) {
    // Calls with a package that asks are apt-tzdata-prompt's (or ask nothing because the base has it).
    return (await interactiveAptCalls(image, ctx))
      .filter((call) => call.packages.every((p) => !pullsTzdataPrompt(p.written)))
      .map((call) =>
        aptFinding(
          call,
          'apt-get install runs without DEBIAN_FRONTEND=noninteractive: a package that asks a question (tzdata, keyboard-configuration) hangs the build',
        ),
      );
  },
};
