import type { Image } from '../../../model/graph.js';
import { pullsTzdataPrompt } from '../../knowledge/apt-packages.js';
import { finding } from '../../knowledge/findings.js';
import { inheritedState } from '../../knowledge/image-state.js';
import { type InstallCall, imageInstalls } from '../../knowledge/installs.js';
import type { Finding, LintContext } from '../../rule.js';
import { firstLine } from '../../stages.js';

/**
 * apt installs of an image (own needed stages) that run without DEBIAN_FRONTEND=noninteractive, the
 * value a family parent or a known base sets (ENV) included.
 */
export async function interactiveAptCalls(image: Image, ctx: LintContext): Promise<InstallCall[]> {
  const installs = await imageInstalls(image, ctx);
  if (!installs) return [];
  return installs.own.filter((c) => c.manager === 'apt' && c.vars.DEBIAN_FRONTEND !== 'noninteractive');
}

/**
 * Packages of an apt call that bring a debconf question. tzdata asks only when it is installed for the
 * first time: when the base or a family parent already has it, nothing asks.
 */
export async function promptingPackages(
  image: Image,
  call: InstallCall,
  ctx: LintContext,
): Promise<string[]> {
  const pkgs = call.packages.map((p) => p.written).filter(pullsTzdataPrompt);
  if (pkgs.length === 0) return pkgs;
  const installs = await imageInstalls(image, ctx);
  const had =
    inheritedState(image, ctx.graph).aptPackages.has('tzdata') ||
    (installs?.inherited ?? []).some(
      (c) => c.manager === 'apt' && c.packages.some((p) => pullsTzdataPrompt(p.written)),
    );
  return had ? [] : pkgs;
}

export function aptFinding(call: InstallCall, message: string): Finding {
  return finding(
    call.dockerfile,
    firstLine(call.instruction),
    message,
    'add `ARG DEBIAN_FRONTEND=noninteractive` at the top of the stage (or prefix the command: `DEBIAN_FRONTEND=noninteractive apt-get install -y ...`)',
  );
}
