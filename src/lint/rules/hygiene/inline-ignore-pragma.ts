import type { DockerfileRule } from '../../rule.js';

/** DL1001: inline `# hadolint ignore=` pragmas, for teams that want every exception in the config file. */
export const rule: DockerfileRule = {
  meta: {
    id: 'inline-ignore-pragma',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    hadolint: 'DL1001',
    description: 'Do not silence rules with inline ignore pragmas',
  },
  scope: 'dockerfile',
  check(file) {
    return file.comments
      .filter((c) => /^\s*#\s*(?:hadolint|strata)\s+(?:(?:global|stage)\s+)?ignore\s*=/i.test(c.text))
      .map((c) => {
        // Reported on the instruction the pragma silences (the comment's own line when none follows).
        const next = file.instructions.find((i) => i.range.line > c.line);
        const line = next?.range.line ?? c.line;
        return {
          message: `inline ignore pragma on line ${c.line}: ${c.text.trim()}`,
          file: file.file,
          range: { line, column: 1, endLine: line, endColumn: 1 },
          fix: 'move the exception to the lint configuration (ignore / severity)',
        };
      });
  },
};
