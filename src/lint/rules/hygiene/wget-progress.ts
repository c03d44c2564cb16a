import { commandsNamed, hasFlag } from '../../commands.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** DL3047: wget's default progress bar writes a line per chunk into the build log. */
export const rule: InstructionRule = {
  meta: {
    id: 'wget-progress',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL3047',
    description: 'wget should use --progress=dot:giga, -q or -nv',
  },
  scope: 'instruction',
  keywords: ['RUN'],
  check(ins, _stage, file) {
    const bad = commandsNamed(ins, 'wget').find(
      (c) =>
        !hasFlag(
          c,
          '--progress',
          '-q',
          '--quiet',
          '--no-verbose',
          '-o',
          '--output-file',
          '-a',
          '--append-output',
        ) &&
        !c.args.includes('-nv') &&
        // A short group with a value at its end (`-qO-`, `-qO /tmp/x`).
        !c.args.some((a) => /^-[A-Za-z]*q/.test(a)),
    );
    if (!bad) return [];
    return [
      findingAt(
        file,
        ins,
        'wget without a progress option floods the build log',
        'add --progress=dot:giga (or -q / -nv)',
      ),
    ];
  },
};
