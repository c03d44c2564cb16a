import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { lintDockerfileText } from '../../../src/lint/repository.js';
import { rule } from '../../../src/lint/rules/hygiene/shellcheck.js';
import { parseShellcheckJson1, shellcheckVersion } from '../../../src/lint/shellcheck.js';
import { enabling } from './helpers.js';

const installed = await shellcheckVersion();
if (!installed && process.env.CI === 'true')
  throw new Error('shellcheck is not installed (scripts/engine.sh installs it)');

const DOCKERFILE = `FROM debian:bookworm
ENV APP_HOME=/opt/app
RUN mkdir -p $APP_HOME/releases && cd /tmp && echo $(ls *.txt)
RUN for f in $(find . -name '*.sh'); do chmod +x $f; done
# hadolint ignore=SC2164
RUN cd /srv && rm -rf $APP_HOME/cache
`;

describe('parseShellcheckJson1', () => {
  test('groups findings by file', () => {
    const out = parseShellcheckJson1(
      '{"comments":[{"file":"/t/0.sh","line":2,"endLine":2,"column":1,"endColumn":3,"level":"info","code":2086,"message":"Double quote"}]}',
    );
    expect(out.get('/t/0.sh')).toEqual([
      { code: 2086, level: 'info', message: 'Double quote', line: 2, column: 1 },
    ]);
  });
});

describe.runIf(installed)('shellcheck rule against shellcheck run directly', () => {
  test('the same SC codes per RUN, pragmas honoured', async () => {
    const result = await lintDockerfileText(DOCKERFILE, { rules: [rule], overrides: enabling('shellcheck') });
    const strata = result.diagnostics.map((d) => `${d.line}:${d.message.split(' ')[0]}`);
    const parsed = parseDockerfile(DOCKERFILE, 'Dockerfile');
    const direct: string[] = [];
    for (const ins of parsed.instructions.filter((i) => i.keyword === 'RUN')) {
      const script = `export APP_HOME\n${ins.args}\n`;
      let out = '';
      try {
        out = execFileSync('shellcheck', ['--format=json1', '--shell=sh', '-'], {
          input: script,
          encoding: 'utf8',
        });
      } catch (e) {
        out = (e as { stdout: string }).stdout;
      }
      const codes = new Set(
        (JSON.parse(out) as { comments: { code: number }[] }).comments.map(
          (c) => `${ins.range.line}:SC${c.code}`,
        ),
      );
      direct.push(...codes);
    }
    const expected = direct.filter((c) => c !== '6:SC2164');
    expect([...new Set(strata)].sort()).toEqual(expected.sort());
    expect(strata).toContain('3:SC2086');
    expect(strata).not.toContain('6:SC2164');
  });
});
