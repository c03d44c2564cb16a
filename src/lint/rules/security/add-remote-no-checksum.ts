import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

const HTTP = /^https?:\/\//i;
/** A git source pinned to a full commit is content-addressed already. */
const GIT_COMMIT = /(?:\.git|^git@.*)#[0-9a-f]{40}(?::|$)/i;

/** ADD of a URL without `--checksum`: whatever the server returns today goes into the image. */
export const rule: InstructionRule = {
  meta: {
    id: 'add-remote-no-checksum',
    category: 'security',
    severity: 'warning',
    enabledByDefault: false,
    description: 'ADD of a remote URL should pin its content with --checksum',
  },
  scope: 'instruction',
  keywords: ['ADD'],
  check(ins, _stage, file) {
    if (ins.flags.some((f) => f.name === 'checksum')) return [];
    const urls = ins.words.slice(0, -1).filter((s) => HTTP.test(s) && !GIT_COMMIT.test(s));
    if (urls.length === 0) return [];
    const git = urls.some((u) => /\.git(?:#|$)/i.test(u));
    return [
      findingAt(
        file,
        ins,
        `ADD ${urls[0]} has no --checksum: the download is not verified`,
        git
          ? 'pin the git source to a full commit (repo.git#<sha>)'
          : 'add --checksum=sha256:<hash> (needs # syntax=docker/dockerfile:1.6 or later)',
      ),
    ];
  },
};
