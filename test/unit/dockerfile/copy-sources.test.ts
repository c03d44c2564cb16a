import { describe, expect, test } from 'vitest';
import {
  cleanSource,
  contextBindMounts,
  contextReach,
  matchSegment,
  onbuildReach,
  reachOf,
} from '../../../src/dockerfile/copy-sources.js';
import { parseDockerfile } from '../../../src/dockerfile/parse.js';
import { resolveDockerfile } from '../../../src/dockerfile/resolve.js';
import { dedent } from '../../helpers/testdir.js';

const reach = (text: string, target?: string) =>
  contextReach(resolveDockerfile(parseDockerfile(dedent(text), 'Dockerfile'), target ? { target } : {}));

const resolved = (text: string) => resolveDockerfile(parseDockerfile(dedent(text), 'Dockerfile'), {});

describe('contextReach: what COPY/ADD of the needed stages can read', () => {
  test('literal sources of every needed stage; COPY --from, heredocs and URLs read no context file', () => {
    expect(
      reach(`
        FROM python:3.12 AS deps
        COPY requirements.txt ./
        ADD https://example.com/x.tgz /tmp/
        FROM python:3.12
        COPY --from=deps /usr/lib /usr/lib
        COPY --chown=app ./src/ /app/src/
        COPY ["conf/app.yaml", "bin/*.sh", "/app/"]
        COPY <<EOF /app/VERSION
        1.0
        EOF
        RUN --mount=type=bind,source=scripts,target=/s sh /s/x.sh
        RUN --mount=type=cache,target=/root/.cache pip install x
      `),
    ).toEqual({
      kind: 'patterns',
      patterns: ['bin/*.sh', 'conf/app.yaml', 'requirements.txt', 'scripts', 'src'],
    });
  });

  test('stages the target does not need are left out', () => {
    const text = `
      FROM alpine AS test
      COPY tests/ /tests/
      FROM alpine AS runtime
      COPY app/ /app/
    `;
    expect(reach(text, 'runtime')).toEqual({ kind: 'patterns', patterns: ['app'] });
    expect(reach(text, 'test')).toEqual({ kind: 'patterns', patterns: ['tests'] });
  });

  test.each([
    ['COPY . /app', 'copies the whole context'],
    ['COPY ./ /app', 'copies the whole context'],
    ['COPY $SRC/x /app', 'names a variable'],
    ['RUN --mount=type=bind,target=/ctx make', 'bind-mounts the whole context'],
  ])('%s: the whole context (%s)', (line, why) => {
    const out = reach(`FROM alpine\nARG SRC=src\n${line}\n`);
    expect(out.kind).toBe('all');
    expect(out.kind === 'all' && out.why).toContain(why);
  });

  test('no Dockerfile parse: the whole context', () => {
    expect(contextReach(undefined).kind).toBe('all');
  });

  test("ONBUILD triggers read the context of the child, not the image's own", () => {
    const text = 'FROM alpine\nONBUILD COPY req.txt /r\nONBUILD RUN make\n';
    expect(reach(text)).toEqual({ kind: 'patterns', patterns: [] });
    expect(onbuildReach(resolved(text))).toEqual({ kind: 'patterns', patterns: ['req.txt'] });
    expect(onbuildReach(resolved('FROM alpine\nONBUILD COPY . /app\n'))?.kind).toBe('all');
    expect(onbuildReach(resolved('FROM alpine\nONBUILD RUN make\n'))).toBeUndefined();
  });
});

describe('source patterns', () => {
  test.each([
    ['./src/', 'src'],
    ['/src', 'src'],
    ['src//a/./b', 'src/a/b'],
    ['.', '.'],
    ['./', '.'],
    ['a/../b', 'b'],
  ])('cleanSource(%s) = %s', (input, out) => {
    expect(cleanSource(input)).toBe(out);
  });

  test.each([
    ['*.py', 'main.py', true],
    ['*.py', 'main.pyc', false],
    ['ma?n.py', 'main.py', true],
    ['[a-m]*', 'main', true],
    ['[^a-m]*', 'main', false],
    ['[!a-m]*', 'zed', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a.b', 'axb', false],
  ])('matchSegment(%s, %s) = %s', (pattern, name, out) => {
    expect(matchSegment(pattern, name)).toBe(out);
  });

  test('reachOf tells inside, toward and outside', () => {
    const patterns = [['src', '*.py'], ['requirements.txt']];
    expect(reachOf(patterns, ['src'])).toBe('toward');
    expect(reachOf(patterns, ['src', 'a.py'])).toBe('inside');
    expect(reachOf(patterns, ['src', 'a.txt'])).toBe('outside');
    expect(reachOf(patterns, ['requirements.txt'])).toBe('inside');
    expect(reachOf(patterns, ['docs'])).toBe('outside');
  });
});

test('contextBindMounts: bind mounts (the default type) without from=, quoted fields too', () => {
  const run = parseDockerfile(
    'FROM x\nRUN --mount=target=/a --mount=type=bind,from=b,target=/b --mount=type=cache,target=/c --mount="type=bind,src=r.txt,dst=/r" x\n',
    'Dockerfile',
  ).stages[0]!.instructions[0]!;
  expect(contextBindMounts(run).map((m) => [m.source, m.target])).toEqual([
    [undefined, '/a'],
    ['r.txt', '/r'],
  ]);
});
