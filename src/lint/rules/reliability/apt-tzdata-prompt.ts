import type { ImageRule } from '../../rule.js';
import { aptFinding, interactiveAptCalls, promptingPackages } from './apt-frontend.js';

/** The 43-minute hang: tzdata asks for a time zone and the build waits for an answer that never comes. */
export const rule: ImageRule = {
  meta: {
    id: 'apt-tzdata-prompt',
    category: 'reliability',
    severity: 'error',
    enabledByDefault: false,
    description:
      'apt installs a package that asks a debconf question (tzdata) without DEBIAN_FRONTEND=noninteractive',
  },
  scope: 'image',
  async check(image, ctx) {
    const calls = await interactiveAptCalls(image, ctx);
    const withPkgs = await Promise.all(
      calls.map(async (call) => ({ call, pkgs: await promptingPackages(image, call, ctx) })),
    );
    return withPkgs
      .filter(({ pkgs }) => pkgs.length > 0)
      .map(({ call, pkgs }) =>
        aptFinding(
          call,
          `${pkgs.join(', ')} ${pkgs.length > 1 ? 'pull' : 'pulls'} in tzdata (or another debconf question) and DEBIAN_FRONTEND is not noninteractive: the build stops at "Geographic area:" and waits forever`,
        ),
      );
  },
};
