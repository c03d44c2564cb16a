import type { Image } from '../../../model/graph.js';
import { pullsTzdataPrompt } from '../../knowledge/apt-packages.js';
import { finding } from '../../knowledge/findings.js';
import { type InstallCall, imageInstalls } from '../../knowledge/installs.js';
import type { Finding, LintContext } from '../../rule.js';
import { firstLine } from '../../stages.js';

/** apt installs of an image (own needed stages) that run without DEBIAN_FRONTEND=noninteractive. */
export async function interactiveAptCalls(image: Image, ctx: LintContext): Promise<InstallCall[]> {
  const installs = await imageInstalls(image, ctx);
  if (!installs) return [];
  return installs.own.filter((c) => c.manager === 'apt' && c.vars.DEBIAN_FRONTEND !== 'noninteractive');
}

export function promptingPackages(call: InstallCall): string[] {
  return call.packages.map((p) => p.written).filter(pullsTzdataPrompt);
}

export function aptFinding(call: InstallCall, message: string): Finding {
  return finding(
    call.dockerfile,
    firstLine(call.instruction),
    message,
    'add `ARG DEBIAN_FRONTEND=noninteractive` at the top of the stage (or prefix the command: `DEBIAN_FRONTEND=noninteractive apt-get install -y ...`)',
  );
}
