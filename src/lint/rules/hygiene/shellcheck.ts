import { envDeclarations } from '../../../dockerfile/index.js';
import type { Instruction, ParsedDockerfile, Stage } from '../../../model/dockerfile.js';
import { runScript } from '../../commands.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { runShellcheck, type ShellScript, shellcheckVersion } from '../../shellcheck.js';
import { argNames, isWindowsStage, stageLineage } from '../../stages.js';

const POSIX = /(?:^|\/)(sh|bash|dash|ash|ksh|mksh|zsh)$/;
/** Dialects ShellCheck knows; others are checked as sh. */
const DIALECTS = new Set(['sh', 'bash', 'dash', 'ksh']);
/** Not about the script: `source` of files ShellCheck cannot see in a Dockerfile. */
const EXCLUDE = ['SC1090', 'SC1091'];
/** Set by Docker itself in every build (the predefined proxy ARGs). */
const PREDEFINED = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
];

interface Job {
  file: ParsedDockerfile;
  ins: Instruction;
  script: ShellScript;
  header: number;
  ignored: Set<string>;
}

/** `# hadolint shell=bash` (or `# strata shell=`): the shell of every RUN of the file without a SHELL. */
function pragmaShell(file: ParsedDockerfile): string | undefined {
  for (const c of file.comments) {
    const m = /^\s*#\s*(?:hadolint|strata)\s+shell\s*=\s*(\S+)/i.exec(c.text);
    if (m) return m[1];
  }
  return undefined;
}

/** SC codes a `# hadolint ignore=` / `# strata ignore=` in the comment block above `ins` (or global) names. */
function ignoredCodes(file: ParsedDockerfile, ins: Instruction): Set<string> {
  const out = new Set<string>();
  const byLine = new Map(file.comments.map((c) => [c.line, c.text]));
  const read = (text: string) => {
    const m = /^\s*#\s*(?:hadolint|strata)\s+(?:global\s+)?ignore\s*=\s*([\w,\s-]+)/i.exec(text);
    for (const code of m?.[1]?.split(',') ?? [])
      if (/^SC\d+$/i.test(code.trim())) out.add(code.trim().toUpperCase());
  };
  for (let l = ins.range.line - 1; byLine.has(l); l--) read(byLine.get(l) ?? '');
  for (const c of file.comments)
    if (/^\s*#\s*(?:hadolint|strata)\s+global\s+ignore/i.test(c.text)) read(c.text);
  return out;
}

function jobsOf(file: ParsedDockerfile): Job[] {
  const jobs: Job[] = [];
  const defaultShell = pragmaShell(file) ?? 'sh';
  const loose = file.instructions.filter((i) => i.stage < 0);
  const groups: { stage?: Stage; instructions: Instruction[] }[] = [
    { instructions: loose },
    ...file.stages.map((s) => ({ stage: s, instructions: s.instructions })),
  ];
  for (const { stage, instructions } of groups) {
    if (stage && isWindowsStage(file, stage)) continue;
    // SHELL is inherited from the stages this one is built on.
    const parents = stage
      ? stageLineage(file, stage.index)
          .slice(0, -1)
          .flatMap((s) => s.instructions)
      : [];
    let shell = parents.filter((i) => i.keyword === 'SHELL').pop()?.words[0] ?? defaultShell;
    // ARG and ENV names in scope: the stage's own and the ENV of the stages it is built on.
    const names = new Set(PREDEFINED);
    for (const p of parents) for (const e of envDeclarations(p, file.escape)) names.add(e.name);
    for (const outer of instructions) {
      // An ONBUILD trigger runs in a child image: default shell, none of this stage's names.
      const trigger = outer.onbuild;
      const ins = trigger ?? outer;
      if (ins.keyword === 'SHELL' && !trigger) shell = ins.words[0] ?? shell;
      if (!trigger) {
        if (ins.keyword === 'ARG') for (const n of argNames(ins)) names.add(n);
        for (const e of envDeclarations(ins, file.escape)) names.add(e.name);
      }
      if (ins.keyword !== 'RUN') continue;
      const m = POSIX.exec(trigger ? defaultShell : shell);
      if (!m) continue;
      if (ins.jsonForm && !(POSIX.test(ins.words[0] ?? '') && ins.words[1] === '-c')) continue;
      const dialect = DIALECTS.has(m[1] ?? '')
        ? (m[1] as string)
        : m[1] === 'mksh'
          ? 'ksh'
          : m[1] === 'ash'
            ? 'dash'
            : 'sh';
      // The ARG and ENV names in scope are set for ShellCheck, so `$NAME` is not "referenced but not assigned".
      const header = [...(trigger ? PREDEFINED : names)].map((n) => `export ${n}`);
      jobs.push({
        file,
        ins,
        script: { text: `${[...header, runScript(ins).text].join('\n')}\n`, dialect },
        header: header.length,
        ignored: ignoredCodes(file, ins),
      });
    }
  }
  return jobs;
}

/**
 * hadolint's ShellCheck pass: the shell of every RUN goes through `shellcheck` (when it is installed) with
 * the stage's SHELL as dialect and the ARG and ENV names in scope. All scripts of a lint run are checked in
 * a few batched processes. Findings carry their SC code; `# hadolint ignore=SC2086` and
 * `# strata ignore=SC2086` silence one. Silent when ShellCheck is not installed (`strata doctor` says).
 */
export const rule: FamilyRule = {
  meta: {
    id: 'shellcheck',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: false,
    description: 'ShellCheck findings in RUN scripts (when shellcheck is installed)',
  },
  scope: 'family',
  async check(ctx) {
    if (!(await shellcheckVersion())) return [];
    const jobs = [...ctx.dockerfiles.values()].flatMap(jobsOf);
    const results = await runShellcheck(
      jobs.map((j) => j.script),
      EXCLUDE,
    );
    const out: Finding[] = [];
    jobs.forEach((job, i) => {
      const seen = new Set<string>();
      for (const c of results[i] ?? []) {
        const code = `SC${c.code}`;
        if (c.line <= job.header || job.ignored.has(code) || seen.has(`${code}:${c.message}`)) continue;
        seen.add(`${code}:${c.message}`);
        const line = job.ins.range.line;
        out.push({
          message: `${code} (${c.level}): ${c.message}`,
          file: job.file.file,
          range: { line, column: job.ins.range.column, endLine: line, endColumn: job.ins.range.column },
          fix: `see https://www.shellcheck.net/wiki/${code}`,
        });
      }
    });
    return out;
  },
};
