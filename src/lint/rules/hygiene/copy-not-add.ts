import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Sources ADD treats specially: URLs and local tar archives (auto-extracted). */
const REMOTE = /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
const ARCHIVE = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz)$/i;

/** DL3020: ADD of local files and folders: COPY says what it does, ADD may also unpack or download. */
export const rule: InstructionRule = {
  meta: {
    id: 'copy-not-add',
    category: 'hygiene',
    severity: 'error',
    enabledByDefault: false,
    hadolint: 'DL3020',
    description: 'Use COPY, not ADD, for local files and folders',
  },
  scope: 'instruction',
  keywords: ['ADD'],
  check(ins, _stage, file) {
    if (ins.heredocs.length > 0 || ins.flags.some((f) => f.name === 'from')) return [];
    const sources = ins.words.slice(0, -1);
    if (sources.length === 0) return [];
    const plain = sources.every((s) => !REMOTE.test(s) && !ARCHIVE.test(s) && !s.includes('$'));
    if (!plain) return [];
    return [
      findingAt(
        file,
        ins,
        `ADD of local ${sources.length === 1 ? `file ${sources[0]}` : 'files'}: COPY does the same without surprises`,
        'replace ADD with COPY (ADD is for remote URLs and tar archives to unpack)',
      ),
    ];
  },
};
