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
      .map((c) => ({
        message: 'inline ignore pragma',
        file: file.file,
        range: { line: c.line, column: 1, endLine: c.line, endColumn: c.text.length + 1 },
        fix: 'move the exception to the lint configuration (ignore / severity)',
      }));
  },
};
