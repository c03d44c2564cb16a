// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote compose, bake and shell variable syntax
import { expect, test } from 'vitest';
import { parseDotenv } from '../../../src/discover/dotenv.js';
import { interpolate } from '../../../src/discover/interpolate.js';

const env = { SET: 'v', EMPTY: '' };

test.each([
  ['plain', 'plain', [], []],
  ['$SET/${SET}', 'v/v', [], []],
  ['${SET:-d} ${EMPTY:-d} ${UNSET:-d}', 'v d d', [], []],
  ['${SET-d} ${EMPTY-d} ${UNSET-d}', 'v  d', [], []],
  ['${SET:+alt} ${EMPTY:+alt} ${UNSET+alt} ${EMPTY+alt}', 'alt   alt', [], []],
  ['${UNSET:-${SET}-x}', 'v-x', [], []],
  ['$$SET $$ ${UNSET}', '$SET $ ', ['UNSET'], []],
  ['${UNSET:?must be set}', '', [], ['UNSET: must be set']],
  ['${EMPTY?fine}${EMPTY:?no empty}', '', [], ['EMPTY: no empty']],
  ['${UNSET?}', '', [], ['required variable UNSET is not set']],
  ['cost: $5', 'cost: $5', [], []],
])('%s', (text, value, missing, errors) => {
  expect(interpolate(text, env)).toEqual({ value, missing, errors });
});

test('parseDotenv', () => {
  expect(
    parseDotenv(
      [
        '# comment',
        'A=1',
        'export B = two words # note',
        "C='single $NOT # kept'",
        'D="double\\nline"',
        'EMPTY=',
        'not a line',
        'A=override',
      ].join('\n'),
    ),
  ).toEqual({ A: 'override', B: 'two words', C: 'single $NOT # kept', D: 'double\nline', EMPTY: '' });
});
