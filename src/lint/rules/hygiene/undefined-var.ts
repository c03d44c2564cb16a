import { envDeclarations, mounts, parseNameValuePairs } from '../../../dockerfile/index.js';
import type { Instruction, ParsedDockerfile } from '../../../model/dockerfile.js';
import type { DockerfileRule, Finding } from '../../rule.js';
import { argNames, findingAt, reachableStages, stageLineage } from '../../stages.js';
import { suggestName, variableRefs } from '../../variables.js';

/** Instructions whose words BuildKit expands itself (RUN's text is the shell's business). */
const EXPANDED = new Set([
  'ENV',
  'LABEL',
  'ADD',
  'COPY',
  'WORKDIR',
  'USER',
  'VOLUME',
  'STOPSIGNAL',
  'EXPOSE',
  'ARG',
]);
/** Set in every Linux image config BuildKit builds on (its default PATH). */
const IMAGE_ENV = ['PATH'];

function expandedText(ins: Instruction, file: ParsedDockerfile): string {
  if (ins.keyword === 'ENV' || ins.keyword === 'LABEL' || ins.keyword === 'ARG') {
    return parseNameValuePairs(ins.args, file.escape, ins.keyword)
      .pairs.map((p) => p.rawValue ?? '')
      .join(' ');
  }
  if (ins.keyword === 'RUN')
    return mounts(ins)
      .map((m) => Object.values(m.options).join(','))
      .join(' ');
  const flags = ins.flags.filter((f) => f.name !== 'from').map((f) => String(f.value));
  const body = ins.heredocs.length > 0 ? (ins.args.split('\n')[0] ?? '') : ins.args;
  return [...flags, body].join(' ');
}

/**
 * BuildKit UndefinedVar: `$NAME` in an instruction BuildKit expands (COPY, ENV, WORKDIR, ...) with no ARG
 * or ENV of that name before it in the stage or the stages it is built on. Only the stages a plain build
 * runs are checked, as BuildKit does.
 */
export const rule: DockerfileRule = {
  meta: {
    id: 'undefined-var',
    category: 'hygiene',
    severity: 'warning',
    enabledByDefault: false,
    buildkit: 'UndefinedVar',
    description: 'Variables should be defined before they are used',
  },
  scope: 'dockerfile',
  check(file) {
    const out: Finding[] = [];
    for (const index of [...reachableStages(file)].sort((a, b) => a - b)) {
      const known = new Set<string>(IMAGE_ENV);
      for (const stage of stageLineage(file, index)) {
        for (const ins of stage.instructions) {
          const mine = stage.index === index;
          if (mine && (EXPANDED.has(ins.keyword) || ins.keyword === 'RUN')) {
            const reported = new Set<string>();
            for (const ref of variableRefs(expandedText(ins, file), file.escape)) {
              if (known.has(ref.name) || ref.modifier || reported.has(ref.name)) continue;
              if (ins.keyword === 'ENV' && envDeclarations(ins, file.escape).some((e) => e.name === ref.name))
                continue;
              reported.add(ref.name);
              const near = suggestName(ref.name, known);
              out.push(
                findingAt(
                  file,
                  ins,
                  `Usage of undefined variable '$${ref.name}'${near ? ` (did you mean $${near}?)` : ''}`,
                  `declare ARG ${ref.name} (or ENV) before this line`,
                ),
              );
            }
          }
          if (ins.keyword === 'ARG') for (const n of argNames(ins)) known.add(n);
          for (const e of envDeclarations(ins, file.escape)) known.add(e.name);
        }
      }
    }
    return out;
  },
};
