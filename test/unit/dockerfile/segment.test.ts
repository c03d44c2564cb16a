import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDockerfile, parseDockerfileWithPath } from '../../../src/dockerfile/parse.js';
import { segmentGap } from '../../../src/dockerfile/segment.js';

const DIR = path.resolve(__dirname, '../../fixtures/dockerfile');
const FIXTURES = readdirSync(DIR).filter((name) => name.endsWith('Dockerfile'));

function both(text: string) {
  return {
    ast: parseDockerfileWithPath(text, 'Dockerfile', { segmenter: 'ast' }),
    buildkit: parseDockerfileWithPath(text, 'Dockerfile', { segmenter: 'buildkit' }),
  };
}

describe('fixtures: dockerfile-ast path, same result as the BuildKit path', () => {
  test.each(FIXTURES)('%s', (name) => {
    const text = readFileSync(path.join(DIR, name), 'utf8');
    expect(segmentGap(text.replace(/\r\n/g, '\n'))).toBeUndefined();
    const chosen = parseDockerfileWithPath(text, name);
    expect(chosen.path).toBe('ast');
    const { ast, buildkit } = both(text);
    expect(ast.path).toBe('ast');
    expect(buildkit.path).toBe('buildkit');
    expect(ast.parsed).toEqual(buildkit.parsed);
  });
});

/** Texts without a gap construct: the ast path reads them, exactly as the BuildKit path does. */
const PLAIN: [string, string][] = [
  ['comment lines inside a continuation', 'FROM alpine\nRUN echo \\\n  # note\n  hi\n# after\n'],
  ['a comment line ends a file inside a continuation', 'FROM alpine\nRUN echo \\\n# c\n'],
  ['blank line inside a continuation', 'FROM a\nRUN echo \\\n\nUSER x\n'],
  ['continuation at the end of the file', 'FROM a\nRUN echo \\'],
  ['hadolint pragma on the first line', '# hadolint global ignore=DL3007\nFROM alpine:latest\n'],
  ['known directives, then a comment', '# syntax=docker/dockerfile:1\n# check=skip=all\n# note\nFROM a\n'],
  ['a directive value with spaces', '#  syntax = foo bar \nFROM a\n'],
  ['directive after a blank line is a comment', '# syntax=x\n\n# escape=`\nFROM a\n'],
  ['escape=` with CRLF and a BOM', '\ufeff# escape=`\r\nFROM a\r\nRUN a `\r\n  b\r\n'],
  [
    'heredocs, quoted and stripped',
    "FROM a\nRUN <<EOF\n# not a comment\nEOF\nCOPY <<-'X' /x\n\tbody\n\tX\nUSER b\n",
  ],
  ['two heredocs on one line', 'FROM a\nCOPY <<A <<B /d/\na\nA\nb\nB\nUSER x\n'],
  ['heredoc after a continuation', 'FROM a\nRUN cat \\\n <<EOF\nFROM x\nEOF\nUSER z\n'],
  ['ONBUILD heredoc', 'FROM a\nONBUILD RUN <<EOF\nFROM x\nEOF\nUSER y\n'],
  ['unclosed heredoc', 'FROM a\nRUN <<EOF\necho never closed\n'],
  ['heredoc marker on an instruction without heredocs', 'FROM a\nUSER <<EOF\nFROM x\n'],
  ['indented instructions and comments', 'FROM a\n   run echo\n\t# c\n'],
  ['only comments', '# one\n# two\n'],
  ['empty', ''],
];

describe('ast path on plain texts', () => {
  test.each(PLAIN)('%s', (_name, text) => {
    const { ast, buildkit } = both(text);
    expect(ast.path).toBe('ast');
    expect(ast.parsed).toEqual(buildkit.parsed);
  });
});

/** The gaps of gaps.test.ts and their kin: found up front, read by the BuildKit path. */
const GAPS: [string, string, string][] = [
  [
    'heredoc-strip-tabs',
    '<<- next to another heredoc',
    'FROM alpine\nRUN <<-A <<B\n\tone\n\tA\n\tB\nB\nUSER app\n',
  ],
  ['heredoc-fd', 'heredoc with a file descriptor', 'FROM alpine\nRUN 3<<EOF cat /dev/fd/3\nFROM evil\nEOF\n'],
  ['heredoc-quoting', '<< inside quotes', 'FROM base\nRUN echo "a <<EOF b"\nUSER app\n'],
  ['heredoc-quoting', 'partly quoted name', 'FROM base\nRUN cat <<"EOF\nx\nEOF\nUSER app\n'],
  ['directive', 'escape after an unknown directive', '# unknown=1\n# escape=`\nFROM alpine\n'],
  ['directive', 'escape given twice', '# escape=`\n# escape=\\\nFROM alpine\n'],
];

describe('gap constructs take the BuildKit path', () => {
  test.each(GAPS)('%s: %s', (gap, _name, text) => {
    expect(segmentGap(text)).toBe(gap);
    const chosen = parseDockerfileWithPath(text, 'Dockerfile');
    expect(chosen.path).toBe('buildkit');
    expect(chosen.parsed).toEqual(both(text).buildkit.parsed);
  });

  test('the ast path would read them differently', () => {
    const [, , stripTabs] = GAPS[0]!;
    const astAlone = parseDockerfileWithPath(stripTabs, 'Dockerfile', { segmenter: 'ast' });
    // dockerfile-ast ends the RUN elsewhere: the ast path notices and hands the file over.
    expect(astAlone.path).toBe('buildkit');
    expect(astAlone.parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
  });
});

describe('the ast path checks itself', () => {
  test('a quote opened on an earlier continuation line hides a heredoc: handed to the BuildKit path', () => {
    const text = "FROM a\nRUN echo 'a \\\n<<EOF b'\nUSER x\n";
    expect(segmentGap(text)).toBeUndefined();
    const chosen = parseDockerfileWithPath(text, 'Dockerfile');
    expect(chosen.path).toBe('buildkit');
    expect(chosen.parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(chosen.parsed).toEqual(both(text).buildkit.parsed);
  });

  test('parseDockerfile gives the chosen path result', () => {
    const text = 'FROM a\nRUN echo \\\n  # note\n  hi\n';
    expect(parseDockerfile(text, 'Dockerfile')).toEqual(parseDockerfileWithPath(text, 'Dockerfile').parsed);
  });
});
