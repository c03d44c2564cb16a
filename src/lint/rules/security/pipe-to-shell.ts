import { runScript } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const FETCH = new Set(['curl', 'wget', 'fetch']);
const INTERPRETERS = /^(?:sh|bash|dash|ash|zsh|ksh|python\d*(?:\.\d+)?|perl|ruby|node)$/;
const SUBSTITUTED_FETCH = /(?:\$\(|`)\s*(?:curl|wget)\b/;
const PROCESS_SUBSTITUTION = /\b(?:sh|bash|zsh|ksh|python\d*)\s+<\(\s*(?:curl|wget)\b/;

/**
 * `curl ... | sh`, `wget -O- ... | bash`, `sh -c "$(curl ...)"`, `bash <(curl ...)`: whatever the server
 * sends runs as the build user, unverified.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'pipe-to-shell',
    category: 'security',
    severity: 'warning',
    enabledByDefault: false,
    description: 'Do not pipe a download into a shell',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const script = runScript(ins);
    const piped = script.pipes.find((p) => {
      const fetch = p.findIndex((c) => FETCH.has(c.name));
      return fetch >= 0 && p.slice(fetch + 1).some((c) => INTERPRETERS.test(c.name));
    });
    const substituted = script.commands.find(
      (c) => INTERPRETERS.test(c.name) && !c.substituted && c.args.some((a) => SUBSTITUTED_FETCH.test(a)),
    );
    const processSub = PROCESS_SUBSTITUTION.exec(script.text);
    if (!piped && !substituted && !processSub) return [];
    const what = piped
      ? piped.map((c) => c.name).join(' | ')
      : `${substituted?.name ?? processSub?.[0].split(/\s/)[0]} with a downloaded script`;
    return [
      findingAt(
        file,
        ins,
        `RUN runs a downloaded script unverified (${what})`,
        'download to a file, check its sha256 (echo "<sum>  f" | sha256sum -c), then run it',
      ),
    ];
  },
};
