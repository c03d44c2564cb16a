// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile and shell text, not templates
import { describe, expect, test } from 'vitest';
import { parseDockerfile, resolveDockerfile } from '../../../src/dockerfile/index.js';
import type { Instruction } from '../../../src/model/dockerfile.js';

/** The last instruction of `FROM base\n<line>`. */
function last(line: string): Instruction {
  const parsed = parseDockerfile(`FROM base\n${line}`, 'Dockerfile');
  return parsed.instructions[parsed.instructions.length - 1]!;
}

function codes(text: string): string[] {
  return parseDockerfile(text, 'Dockerfile').diagnostics.map((d) => d.code);
}

describe('instructions', () => {
  test.each([
    // line, keyword, args, words, jsonForm
    ['RUN apt-get update', 'RUN', 'apt-get update', ['apt-get', 'update'], false],
    [
      'run echo lower-case keyword',
      'RUN',
      'echo lower-case keyword',
      ['echo', 'lower-case', 'keyword'],
      false,
    ],
    ['CMD ["python", "-m", "app"]', 'CMD', '["python", "-m", "app"]', ['python', '-m', 'app'], true],
    ['ENTRYPOINT ["/entry.sh"]', 'ENTRYPOINT', '["/entry.sh"]', ['/entry.sh'], true],
    ['CMD python app.py', 'CMD', 'python app.py', ['python', 'app.py'], false],
    ['COPY ["a b.txt", "/dst/"]', 'COPY', '["a b.txt", "/dst/"]', ['a b.txt', '/dst/'], true],
    ['VOLUME ["/data", "/logs"]', 'VOLUME', '["/data", "/logs"]', ['/data', '/logs'], true],
    ['VOLUME /data /logs', 'VOLUME', '/data /logs', ['/data', '/logs'], false],
    [
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'SHELL',
      '["/bin/bash", "-o", "pipefail", "-c"]',
      ['/bin/bash', '-o', 'pipefail', '-c'],
      true,
    ],
    ['CMD ["echo", 1]', 'CMD', '["echo", 1]', ['[echo,', '1]'], false],
    ['WORKDIR "/app dir"', 'WORKDIR', '"/app dir"', ['/app dir'], false],
    ['USER app:app', 'USER', 'app:app', ['app:app'], false],
    ['EXPOSE 80/tcp 443', 'EXPOSE', '80/tcp 443', ['80/tcp', '443'], false],
    ['LABEL a="x y" b=2', 'LABEL', 'a="x y" b=2', ['a=x y', 'b=2'], false],
    ['RUN echo "a  b" \'c d\'', 'RUN', 'echo "a  b" \'c d\'', ['echo', 'a  b', 'c d'], false],
    ['RUN echo \\$HOME', 'RUN', 'echo \\$HOME', ['echo', '\\$HOME'], false],
    ['STOPSIGNAL SIGTERM   ', 'STOPSIGNAL', 'SIGTERM', ['SIGTERM'], false],
    ['  RUN   indented', 'RUN', 'indented', ['indented'], false],
    ['HEALTHCHECK NONE', 'HEALTHCHECK', 'NONE', ['NONE'], false],
    [
      'HEALTHCHECK CMD ["curl", "-f", "x"]',
      'HEALTHCHECK',
      'CMD ["curl", "-f", "x"]',
      ['CMD', 'curl', '-f', 'x'],
      true,
    ],
  ])('%s', (line, keyword, args, words, jsonForm) => {
    const ins = last(line);
    expect(ins).toMatchObject({ keyword, args, words, jsonForm });
  });

  test('continuation lines are joined, comment and blank lines inside them are skipped', () => {
    const text =
      'FROM base\nRUN apt-get update \\\n    # a comment\n\n    && apt-get install -y curl \\  \n    git\nUSER app\n';
    const parsed = parseDockerfile(text, 'Dockerfile');
    const run = parsed.instructions[1]!;
    expect(run.args).toBe('apt-get update     && apt-get install -y curl     git');
    expect(run.range).toEqual({ line: 2, column: 1, endLine: 6, endColumn: 8 });
    expect(run.raw).toBe(
      'RUN apt-get update \\\n    # a comment\n\n    && apt-get install -y curl \\  \n    git',
    );
    expect(parsed.instructions[2]).toMatchObject({ keyword: 'USER', range: { line: 7 } });
    expect(parsed.comments).toEqual([{ line: 3, text: '# a comment' }]);
  });

  test('a continuation at the end of the file ends the instruction', () => {
    const parsed = parseDockerfile('FROM base\nRUN echo \\', 'Dockerfile');
    expect(parsed.instructions[1]).toMatchObject({ keyword: 'RUN', args: 'echo' });
  });

  test('ranges are 1-based with an exclusive end column', () => {
    const parsed = parseDockerfile('FROM alpine AS a\n  COPY --from=a /x /y\n', 'Dockerfile');
    expect(parsed.instructions[0]!.range).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 17 });
    const copy = parsed.instructions[1]!;
    expect(copy.range).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 22 });
    expect(copy.flags[0]!.range).toEqual({ line: 2, column: 8, endLine: 2, endColumn: 16 });
  });
});

describe('flags', () => {
  test.each([
    ['COPY --from=build /a /b', [['from', 'build']], '/a /b'],
    [
      'COPY --chown=app:app --from=build /a /b',
      [
        ['chown', 'app:app'],
        ['from', 'build'],
      ],
      '/a /b',
    ],
    [
      'COPY --from=build --chown=app:app --chmod=755 /a /b',
      [
        ['from', 'build'],
        ['chown', 'app:app'],
        ['chmod', '755'],
      ],
      '/a /b',
    ],
    ['COPY --link /a /b', [['link', true]], '/a /b'],
    ['COPY --link=false /a /b', [['link', 'false']], '/a /b'],
    ['ADD --checksum=sha256:abc https://x/y.tgz /y', [['checksum', 'sha256:abc']], 'https://x/y.tgz /y'],
    [
      'RUN --mount=type=cache,target=/x --network=none make',
      [
        ['mount', 'type=cache,target=/x'],
        ['network', 'none'],
      ],
      'make',
    ],
    ['RUN --mount="type=bind,target=/a b" ls', [['mount', 'type=bind,target=/a b']], 'ls'],
    ['RUN -- --not-a-flag', [], '--not-a-flag'],
    ['RUN echo --flag-after-a-word', [], 'echo --flag-after-a-word'],
    [
      'HEALTHCHECK --interval=5s --retries=3 CMD true',
      [
        ['interval', '5s'],
        ['retries', '3'],
      ],
      'CMD true',
    ],
    ['CMD ["--port", "80"]', [], '["--port", "80"]'],
  ])('%s', (line, flags, args) => {
    const ins = last(line);
    expect(ins.flags.map((f) => [f.name, f.value])).toEqual(flags);
    expect(ins.args).toBe(args);
  });

  test.each([
    ['FROM --platform=linux/arm64 alpine AS a', 'linux/arm64'],
    ['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', '$BUILDPLATFORM'],
    ['FROM --other=1 --platform=linux/arm64 alpine', 'linux/arm64'],
  ])('FROM platform: %s', (line, platform) => {
    const parsed = parseDockerfile(line, 'Dockerfile');
    expect(parsed.stages[0]!.platform).toBe(platform);
    expect(parsed.stages[0]!.from).toMatch(/^(alpine|golang:1.22)$/);
  });

  test('flags spread over continuation lines keep their own lines', () => {
    const parsed = parseDockerfile(
      'FROM base\nRUN --mount=type=cache,target=/a \\\n    --mount=type=cache,target=/b \\\n    make\n',
      'Dockerfile',
    );
    const run = parsed.instructions[1]!;
    expect(run.flags.map((f) => f.range.line)).toEqual([2, 3]);
    expect(run.flags[1]!.range.column).toBe(5);
    expect(run.args).toBe('make');
  });
});

describe('heredocs', () => {
  test.each([
    [
      'RUN <<EOF\necho hi\nEOF\n',
      [{ delimiter: 'EOF', stripTabs: false, quoted: false, body: 'echo hi\n', startLine: 3, endLine: 4 }],
    ],
    [
      'RUN <<-EOF\n\techo hi\n\tEOF\n',
      [{ delimiter: 'EOF', stripTabs: true, quoted: false, body: 'echo hi\n' }],
    ],
    ['RUN <<"EOF"\necho $x\nEOF\n', [{ delimiter: 'EOF', quoted: true, body: 'echo $x\n' }]],
    ["RUN <<'EOF'\necho $x\nEOF\n", [{ delimiter: 'EOF', quoted: true }]],
    ['RUN <<E"OF"\nx\nEOF\n', [{ delimiter: 'EOF', quoted: true }]],
    ['RUN python3 <<PY\nprint(1)\nPY\n', [{ delimiter: 'PY', body: 'print(1)\n' }]],
    ['RUN 3<<EOF cat /dev/fd/3\nx\nEOF\n', [{ delimiter: 'EOF', body: 'x\n' }]],
    ['COPY <<EOF /etc/app.conf\nkey = 1\nEOF\n', [{ delimiter: 'EOF', body: 'key = 1\n' }]],
    [
      'COPY <<a.txt <<b.txt /data/\nA\na.txt\nB\nb.txt\n',
      [
        { delimiter: 'a.txt', body: 'A\n', startLine: 3, endLine: 4 },
        { delimiter: 'b.txt', body: 'B\n', startLine: 5, endLine: 6 },
      ],
    ],
    [
      'RUN <<-A <<B\n\tone\n\tA\n\tB\nB\n',
      [
        { delimiter: 'A', stripTabs: true, body: 'one\n' },
        { delimiter: 'B', stripTabs: false, body: '\tB\n', endLine: 6 },
      ],
    ],
    ['RUN <<EOF\nEOF\n', [{ delimiter: 'EOF', body: '' }]],
    ['RUN <<EOF\nlast line\nEOF', [{ delimiter: 'EOF', body: 'last line\n' }]],
  ])('%j', (text, heredocs) => {
    const parsed = parseDockerfile(`FROM base\n${text}`, 'Dockerfile');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.instructions).toHaveLength(2);
    const ins = parsed.instructions[1]!;
    expect(ins.heredocs).toHaveLength(heredocs.length);
    heredocs.forEach((h, i) => {
      expect(ins.heredocs[i]).toMatchObject(h);
    });
  });

  test('lines inside a heredoc are not instructions or comments', () => {
    const parsed = parseDockerfile(
      'FROM base\nRUN <<EOF\n# not a comment\nFROM evil\nEOF\nUSER app\n',
      'Dockerfile',
    );
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(parsed.stages).toHaveLength(1);
    expect(parsed.comments).toEqual([]);
    expect(parsed.instructions[1]!.range).toMatchObject({ line: 2, endLine: 5 });
    expect(parsed.instructions[1]!.raw).toBe('RUN <<EOF\n# not a comment\nFROM evil\nEOF');
  });

  test('a quoted << is not a heredoc', () => {
    const parsed = parseDockerfile('FROM base\nRUN echo "a <<EOF" b\nUSER app\n', 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(parsed.instructions[1]!.heredocs).toEqual([]);
  });

  test('heredocs only on RUN, COPY and ADD', () => {
    const parsed = parseDockerfile('FROM base\nCMD cat <<EOF\nUSER app\n', 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'CMD', 'USER']);
  });

  test('a heredoc after a continued line starts after the last continued line', () => {
    const parsed = parseDockerfile(
      'FROM base\nRUN --mount=type=cache,target=/x \\\n  <<EOF\nmake\nEOF\n',
      'Dockerfile',
    );
    expect(parsed.instructions[1]!.heredocs[0]).toMatchObject({ body: 'make\n', startLine: 4, endLine: 5 });
  });

  test('an unclosed heredoc is a diagnostic, not a throw', () => {
    const parsed = parseDockerfile('FROM base\nRUN <<EOF\necho\n', 'Dockerfile');
    expect(parsed.diagnostics).toMatchObject([
      { code: 'STRATA_DF_UNTERMINATED_HEREDOC', line: 2, severity: 'error' },
    ]);
    expect(parsed.instructions[1]!.heredocs[0]!.body).toBe('echo\n');
  });
});

describe('directives', () => {
  test.each([
    ['# syntax=docker/dockerfile:1.7\nFROM a', '\\', 'docker/dockerfile:1.7'],
    ['#syntax = docker/dockerfile:1\nFROM a', '\\', 'docker/dockerfile:1'],
    ['# escape=`\nFROM a', '`', undefined],
    ['# Escape=`\n# syntax=x\nFROM a', '`', 'x'],
    ['# check=skip=all\n# escape=`\nFROM a', '`', undefined],
    ['# a comment\n# escape=`\nFROM a', '\\', undefined],
    ['\n# escape=`\nFROM a', '\\', undefined],
    ['# unknown=1\n# escape=`\nFROM a', '\\', undefined],
    ['FROM a\n# escape=`', '\\', undefined],
  ])('%j', (text, escapeChar, syntax) => {
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.escape).toBe(escapeChar);
    expect(parsed.syntax).toBe(syntax);
  });

  test('directives are not comments; later lines that look like directives are', () => {
    const parsed = parseDockerfile(
      '# escape=`\n# hadolint ignore=DL3006\nFROM a\n# escape=\\\n',
      'Dockerfile',
    );
    expect(parsed.comments).toEqual([
      { line: 2, text: '# hadolint ignore=DL3006' },
      { line: 4, text: '# escape=\\' },
    ]);
  });

  test('with escape=` a trailing backslash is a plain character and ` continues the line', () => {
    const text =
      '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY dist\\ C:\\app\\\nRUN dir `\n    C:\\app\nWORKDIR C:\\app\n';
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'COPY', 'RUN', 'WORKDIR']);
    expect(parsed.instructions[1]!.words).toEqual(['dist\\', 'C:\\app\\']);
    expect(parsed.instructions[2]!.args).toBe('dir     C:\\app');
  });

  test('an invalid escape value is reported', () => {
    expect(codes('# escape=x\nFROM a')).toEqual(['STRATA_DF_DIRECTIVE']);
  });

  test('a directive given twice is reported', () => {
    expect(codes('# escape=`\n# escape=`\nFROM a')).toEqual(['STRATA_DF_DIRECTIVE']);
  });
});

describe('line endings and encoding', () => {
  test('Windows line endings give the same result as Unix ones', () => {
    const unix = 'ARG V=1\nFROM alpine:${V} AS a\nRUN echo \\\n  hi\nRUN <<EOF\nx\nEOF\n';
    const a = parseDockerfile(unix, 'Dockerfile');
    const b = parseDockerfile(unix.replace(/\n/g, '\r\n'), 'Dockerfile');
    expect(b.instructions.map((i) => [i.keyword, i.args, i.range, i.heredocs])).toEqual(
      a.instructions.map((i) => [i.keyword, i.args, i.range, i.heredocs]),
    );
    expect(b.globalArgs).toEqual(a.globalArgs);
  });

  test('a BOM is ignored, also before a directive', () => {
    const parsed = parseDockerfile('\uFEFF# escape=`\nFROM alpine\n', 'Dockerfile');
    expect(parsed.escape).toBe('`');
    expect(parsed.instructions[0]).toMatchObject({ keyword: 'FROM', range: { line: 2, column: 1 } });
  });
});

describe('ARG and ENV', () => {
  test.each([
    ['ARG A', [{ name: 'A' }]],
    ['ARG A=1', [{ name: 'A', value: '1' }]],
    [
      'ARG A=1 B=2',
      [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    ],
    ['ARG A="x y" B=\'z\' C', [{ name: 'A', value: 'x y' }, { name: 'B', value: 'z' }, { name: 'C' }]],
    ['ARG A=', [{ name: 'A', value: '' }]],
    ['ARG TAG=${BASE}-slim', [{ name: 'TAG', value: '${BASE}-slim' }]],
    [
      'ARG A=1 \\\n    B=2',
      [
        { name: 'A', value: '1', line: 1 },
        { name: 'B', value: '2', line: 2 },
      ],
    ],
  ])('%j', (line, args) => {
    const parsed = parseDockerfile(`${line}\nFROM alpine\n${line}\n`, 'Dockerfile');
    expect(parsed.globalArgs).toMatchObject(args);
    expect(parsed.stages[0]!.args.map((a) => ({ ...a, line: 0 }))).toEqual(
      parsed.globalArgs.map((a) => ({ ...a, line: 0 })),
    );
    expect(parsed.globalArgs.filter((a) => !('value' in a)).map((a) => a.name)).toEqual(
      args.filter((a) => !('value' in a)).map((a) => a.name),
    );
  });

  test('stage ARGs stay in the stage instructions too', () => {
    const parsed = parseDockerfile('FROM alpine\nARG A=1\nRUN echo $A\n', 'Dockerfile');
    expect(parsed.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['ARG', 'RUN']);
    expect(parsed.stages[0]!.args).toEqual([{ name: 'A', value: '1', line: 2 }]);
  });

  test('an ARG with a blank name is reported', () => {
    expect(codes('ARG =1\nFROM a')).toEqual(['STRATA_DF_KEY_VALUE_SYNTAX']);
  });

  test.each([
    ['ENV A=1', []],
    ['ENV A 1 2', []],
    ['ENV A=1 B="x y"', []],
    ['ENV A', ['STRATA_DF_KEY_VALUE_SYNTAX']],
    ['ENV A=1 B', ['STRATA_DF_KEY_VALUE_SYNTAX']],
    ['LABEL a', ['STRATA_DF_KEY_VALUE_SYNTAX']],
  ])('%s', (line, expected) => {
    expect(codes(`FROM a\n${line}`)).toEqual(expected);
  });
});

describe('stages', () => {
  test('names are lower-cased, global ARGs are collected, instructions belong to their stage', () => {
    const parsed = parseDockerfile(
      'ARG V=3.19\nFROM alpine:${V} AS Builder\nRUN make\nFROM scratch\nCOPY --from=builder /x /x\n',
      'Dockerfile',
    );
    expect(parsed.globalArgs).toEqual([{ name: 'V', value: '3.19', line: 1 }]);
    expect(parsed.stages.map((s) => [s.index, s.name, s.from])).toEqual([
      [0, 'builder', 'alpine:${V}'],
      [1, undefined, 'scratch'],
    ]);
    expect(parsed.instructions.map((i) => i.stage)).toEqual([-1, 0, 0, 1, 1]);
    expect(parsed.stages[0]!.fromInstruction.keyword).toBe('FROM');
    expect(parsed.stages[0]!.instructions.map((i) => i.keyword)).toEqual(['RUN']);
    expect(parsed.diagnostics).toEqual([]);
  });

  test.each([
    ['FROM alpine AS a\nFROM alpine AS A', ['STRATA_DF_DUPLICATE_STAGE']],
    ['FROM alpine AS 1st', ['STRATA_DF_STAGE_NAME']],
    ['FROM alpine AS scratch', ['STRATA_DF_RESERVED_STAGE_NAME']],
    ['FROM alpine AS Context', ['STRATA_DF_RESERVED_STAGE_NAME']],
    ['FROM alpine a', ['STRATA_DF_FROM_SYNTAX']],
    ['FROM alpine AS', ['STRATA_DF_FROM_SYNTAX']],
    ['FROM alpine as b extra', ['STRATA_DF_FROM_SYNTAX']],
    ['FROM alpine as lower-case-as', []],
    ['FROM', ['STRATA_DF_MISSING_ARGUMENTS']],
  ])('%j', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });
});

describe('ONBUILD', () => {
  test('holds the parsed trigger', () => {
    const ins = last('ONBUILD COPY --from=build --chown=a /x /y');
    expect(ins).toMatchObject({ keyword: 'ONBUILD', args: 'COPY --from=build --chown=a /x /y', flags: [] });
    expect(ins.onbuild).toMatchObject({
      keyword: 'COPY',
      args: '/x /y',
      words: ['/x', '/y'],
      stage: 0,
    });
    expect(ins.onbuild!.flags.map((f) => [f.name, f.value, f.range.column])).toEqual([
      ['from', 'build', 14],
      ['chown', 'a', 27],
    ]);
    expect(ins.onbuild!.range).toMatchObject({ line: 2, column: 9 });
  });

  test('a RUN trigger can have a heredoc', () => {
    const parsed = parseDockerfile('FROM base\nONBUILD RUN <<EOF\nmake\nEOF\nUSER app\n', 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'ONBUILD', 'USER']);
    expect(parsed.instructions[1]!.onbuild!.heredocs[0]).toMatchObject({ body: 'make\n' });
  });

  test.each([
    ['ONBUILD FROM alpine', ['STRATA_DF_ONBUILD_TRIGGER']],
    ['ONBUILD ONBUILD RUN x', ['STRATA_DF_ONBUILD_TRIGGER']],
    ['ONBUILD MAINTAINER me', ['STRATA_DF_ONBUILD_TRIGGER']],
    ['ONBUILD RUNN x', ['STRATA_DF_UNKNOWN_INSTRUCTION']],
    ['ONBUILD COPY --form=x a b', ['STRATA_DF_UNKNOWN_FLAG']],
    ['ONBUILD', ['STRATA_DF_MISSING_ARGUMENTS']],
  ])('%s', (line, expected) => {
    expect(codes(`FROM a\n${line}`)).toEqual(expected);
  });
});

describe('bad input gives diagnostics, never a throw', () => {
  test.each([
    ['', ['STRATA_DF_EMPTY']],
    ['\n\n   \n', ['STRATA_DF_EMPTY']],
    ['# only a comment\n', ['STRATA_DF_EMPTY']],
    ['RUN echo hi', ['STRATA_DF_BEFORE_FROM', 'STRATA_DF_NO_FROM']],
    ['ARG A=1', ['STRATA_DF_NO_FROM']],
    ['FROM a\nRUNN echo', ['STRATA_DF_UNKNOWN_INSTRUCTION']],
    ['FROM a\nCOPY --form=b x y', ['STRATA_DF_UNKNOWN_FLAG']],
    ['FROM a\nCMD --port 80', ['STRATA_DF_UNKNOWN_FLAG']],
    ['FROM a\nCMD [python, app.py]', ['STRATA_DF_INVALID_JSON']],
    ['FROM a\nCMD ["python", "app.py"', ['STRATA_DF_INVALID_JSON']],
    ["FROM a\nRUN ['sh', '-c', 'x']", ['STRATA_DF_INVALID_JSON']],
    ['FROM a\nSHELL /bin/sh -c', ['STRATA_DF_SHELL_NOT_JSON']],
    ['FROM a\nSHELL [/bin/sh]', ['STRATA_DF_INVALID_JSON']],
    ['FROM a\nEXPOSE', ['STRATA_DF_MISSING_ARGUMENTS']],
    ['FROM a\nRUN <<EOF', ['STRATA_DF_UNTERMINATED_HEREDOC']],
    ['FROM a\nRUN "unclosed quote', []],
  ])('%j', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  test('diagnostics carry file and line', () => {
    const parsed = parseDockerfile('FROM a\n\nRUNN x\n', 'svc/Dockerfile');
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({
        code: 'STRATA_DF_UNKNOWN_INSTRUCTION',
        severity: 'error',
        file: 'svc/Dockerfile',
        line: 3,
        hint: 'did you mean RUN?',
      }),
    ]);
  });

  test('the empty flag', () => {
    expect(parseDockerfile('', 'D').empty).toBe(true);
    expect(parseDockerfile('FROM a', 'D').empty).toBe(false);
  });

  test('binary content is refused', () => {
    const parsed = parseDockerfile('FROM a\u0000\u0001\u0002', 'Dockerfile');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['STRATA_DF_BINARY']);
    expect(parsed.instructions).toEqual([]);
  });

  test('a huge file is refused quickly', () => {
    const text = 'RUN echo\n'.repeat(600_000);
    const started = performance.now();
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['STRATA_DF_TOO_LARGE']);
    expect(performance.now() - started).toBeLessThan(200);
  });

  test.each([
    ['random punctuation', '}{][)(*&^%$#@!~`\\\n\\\n"\'\n<<<<<<\n--=--\n'],
    ['only continuations', '\\\n\\\n\\'],
    ['lonely heredoc markers', 'FROM a\nRUN << <<- <<"" <<\'\'\n'],
    ['unbalanced quotes in flags', 'FROM a\nRUN --mount="type=cache x\n'],
    ['unicode', 'FROM alpine\nRUN echo "héllo wörld ✓"\nLABEL émoji=🐳\n'],
  ])('garbage: %s', (_name, text) => {
    expect(() => parseDockerfile(text, 'Dockerfile')).not.toThrow();
  });
});

describe('edge cases', () => {
  test('a line that is only a continuation is not an instruction', () => {
    const parsed = parseDockerfile('FROM a\n\\\n\n', 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM']);
    expect(parsed.diagnostics).toEqual([]);
  });

  test('an empty directive value is a comment, not a directive', () => {
    const parsed = parseDockerfile('# escape=\n# escape=`\nFROM a', 'Dockerfile');
    expect(parsed.escape).toBe('\\');
    expect(parsed.diagnostics).toEqual([]);
  });

  test('FROM without an image: one diagnostic, an unresolved base', () => {
    const parsed = parseDockerfile('FROM\n', 'Dockerfile');
    const resolved = resolveDockerfile(parsed);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['STRATA_DF_MISSING_ARGUMENTS']);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.stages[0]!.base).toMatchObject({ kind: 'unresolved' });
  });
});
