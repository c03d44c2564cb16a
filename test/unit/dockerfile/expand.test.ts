// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile and shell text, not templates
import { describe, expect, test } from 'vitest';
import { expand, unquote } from '../../../src/dockerfile/index.js';

const vars = { A: 'alpha', EMPTY: '', CUDA: '12.1.1', BASE: 'nvidia/cuda' };

describe('expand', () => {
  test.each([
    ['plain text', 'alpine:3.19', 'alpine:3.19', []],
    ['$VAR', '$A', 'alpha', []],
    ['${VAR}', '${A}', 'alpha', []],
    ['$VAR followed by text', '$A-x', 'alpha-x', []],
    ['${VAR}text', '${A}text', 'alphatext', []],
    ['$VARtext reads the longest name', '$Atext', '', ['Atext']],
    ['two variables', '${BASE}:${CUDA}-runtime', 'nvidia/cuda:12.1.1-runtime', []],
    ['unset $VAR', 'x$NOPE', 'x', ['NOPE']],
    ['unset ${VAR}', 'x${NOPE}y', 'xy', ['NOPE']],
    ['unset listed once', '$NOPE$NOPE', '', ['NOPE']],
    [':- with unset', '${NOPE:-def}', 'def', []],
    [':- with empty', '${EMPTY:-def}', 'def', []],
    [':- with set', '${A:-def}', 'alpha', []],
    ['- with unset', '${NOPE-def}', 'def', []],
    ['- with empty keeps empty', '${EMPTY-def}', '', []],
    [':+ with set', '${A:+yes}', 'yes', []],
    [':+ with empty', '${EMPTY:+yes}', '', []],
    [':+ with unset', '${NOPE:+yes}', '', []],
    ['+ with empty', '${EMPTY+yes}', 'yes', []],
    ['+ with unset', '${NOPE+yes}', '', []],
    ['default holds a variable', '${NOPE:-${A}}', 'alpha', []],
    ['default holds an unset variable', '${NOPE:-$OTHER}', '', ['OTHER']],
    ['unused default does not count', '${A:-$OTHER}', 'alpha', []],
    ['default with a colon', '${NOPE:-docker.io/x:1}', 'docker.io/x:1', []],
    [':? with unset', '${NOPE:?required}', '', ['NOPE']],
    ['? with set', '${A?required}', 'alpha', []],
    ['escaped dollar', '\\$A', '$A', []],
    ['escaped brace dollar', '\\${A}', '${A}', []],
    ['lone dollar', 'a$', 'a$', []],
    ['dollar before a non-name', 'a$%b', 'a$%b', []],
    ['special parameter is empty (as in BuildKit)', 'a$-b', 'ab', []],
    ['double quotes are removed', '"$A b"', 'alpha b', []],
    ['single quotes keep $ literal', "'$A'", '$A', []],
    ['escaped quote in double quotes', '"a\\"b"', 'a"b', []],
    ['positional parameter is empty', '$1x', 'x', []],
    ['unsupported modifier is kept', '${A#al}', '${A#al}', ['A']],
  ])('%s: %s', (_name, text, value, unresolved) => {
    expect(expand(text, vars)).toEqual({ value, unresolved });
  });

  test('honours the escape character', () => {
    expect(expand('`$A', vars, { escape: '`' })).toEqual({ value: '$A', unresolved: [] });
    expect(expand('C:\\path\\$A', vars, { escape: '`' }).value).toBe('C:\\path\\alpha');
  });

  test('accepts a lookup function', () => {
    expect(expand('${X}-${Y:-y}', (name) => (name === 'X' ? 'x' : undefined))).toEqual({
      value: 'x-y',
      unresolved: [],
    });
  });

  test('a variable set to undefined counts as unset', () => {
    expect(expand('$A', { A: undefined })).toEqual({ value: '', unresolved: ['A'] });
  });
});

describe('unquote', () => {
  test.each([
    ['abc', 'abc'],
    ['"two words"', 'two words'],
    ["'single'", 'single'],
    ['"${A}-x"', '${A}-x'],
    ['${A:-"q"}', '${A:-"q"}'],
    ['\\$A', '\\$A'],
    ['a\\ b', 'a b'],
  ])('%s -> %s', (text, expected) => {
    expect(unquote(text)).toBe(expected);
  });

  test('with the backtick escape, backslashes are plain characters', () => {
    expect(unquote('"C:\\app\\"', '`')).toBe('C:\\app\\');
  });
});
