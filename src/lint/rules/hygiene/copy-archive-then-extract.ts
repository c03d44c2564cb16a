import { runScript } from '../../commands.js';
import type { Finding, InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|gz|bz2|xz)$/i;

function base(path: string): string {
  return (
    path
      .replace(/^["']|["']$/g, '')
      .split(/[/\\]/)
      .pop() ?? ''
  );
}

/**
 * DL3010: a local archive COPY'd in and then unpacked with tar: `ADD` unpacks a local archive itself, in
 * one layer instead of two (the archive stays in the COPY layer otherwise).
 */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-archive-then-extract',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3010',
    description: 'Use ADD to unpack a local archive, not COPY then tar',
  },
  scope: 'instruction',
  keywords: ['COPY'],
  check(ins, stage, file) {
    if (ins.flags.some((f) => f.name === 'from')) return [];
    const raw = ins.args.trim().split(/\s+/);
    if (raw.length < 2) return [];
    const names = new Set(raw.filter((w) => ARCHIVE.test(w.replace(/["']$/, ''))).map(base));
    if (names.size === 0) return [];
    const later = (stage ? stage.instructions : file.instructions.filter((i) => i.stage < 0)).filter(
      (i) => i.keyword === 'RUN' && i.range.line > ins.range.line,
    );
    const out: Finding[] = [];
    for (const run of later) {
      const extracts = runScript(run).commands.some(
        (c) =>
          c.name === 'tar' &&
          c.args.some((a) => names.has(base(a))) &&
          c.args.some((a) => /^-?[A-Za-z]*x/.test(a) || a === '--extract'),
      );
      if (extracts) {
        out.push(
          findingAt(
            file,
            ins,
            'an archive is copied in and then unpacked with tar',
            'ADD the archive: ADD app.tar.gz /dest/ unpacks it',
          ),
        );
        break;
      }
    }
    return out;
  },
};
