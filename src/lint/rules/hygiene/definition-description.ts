import type { DockerfileRule, Finding } from '../../rule.js';
import { argNames, findingAt } from '../../stages.js';

/**
 * BuildKit InvalidDefinitionDescription (experimental, off by default): a comment directly above an ARG
 * or a named stage documents it only when it starts with the name (`# version the release to build`).
 * The last comment line above counts; a bare `#` line ends the block.
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'definition-description',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    buildkit: 'InvalidDefinitionDescription',
    buildkitExperimental: true,
    description: 'A comment above ARG or FROM should start with the name it describes',
  },
  scope: 'dockerfile',
  check(file) {
    const comments = new Map(file.comments.map((c) => [c.line, c.text.trim()]));
    const out: Finding[] = [];
    for (const ins of file.instructions) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'FROM') continue;
      const above = comments.get(ins.range.line - 1);
      if (above === undefined) continue;
      const text = above.replace(/^#\s?/, '').trim();
      if (text === '' || /^check\s*=/.test(text)) continue;
      const first = text.split(/\s+/)[0] ?? '';
      let names: string[];
      let shown: string;
      if (ins.keyword === 'ARG') {
        names = argNames(ins);
        shown = names.length === 1 ? (names[0] ?? '') : '<arg_key>';
      } else {
        const as = ins.words.findIndex((w) => w.toLowerCase() === 'as');
        const name = as >= 0 ? ins.words[as + 1] : undefined;
        if (!name) continue;
        names = [name.toLowerCase()];
        shown = name.toLowerCase();
      }
      if (names.includes(first)) continue;
      out.push(
        findingAt(
          file,
          ins,
          `Comment for ${ins.keyword} should follow the format: \`# ${shown} <description>\``,
          `start the comment with ${shown}, or leave an empty line between them`,
        ),
      );
    }
    return out;
  },
};
