import { unquote } from './expand.js';
import { splitRawWords } from './words.js';

/** One `name=value` (or bare `name`) of an ARG, ENV or LABEL instruction. */
export interface KeyValue {
  name: string;
  /** Quotes and escapes removed, variable references kept. Absent for a bare `ARG NAME`. */
  value?: string;
  /** The value as written (quotes included), for expansion. */
  rawValue?: string;
  /** Index of the pair in the text it was read from. */
  index: number;
}

export interface KeyValueResult {
  pairs: KeyValue[];
  /** A syntax problem, as a message; the pairs read so far are still returned. */
  error?: string;
}

/** `ARG A=1 B="two words" C`: several declarations on one line, values optional. */
export function parseArgPairs(text: string, escapeChar: string): KeyValueResult {
  const pairs: KeyValue[] = [];
  for (const raw of splitRawWords(text, escapeChar)) {
    const eq = raw.word.indexOf('=');
    if (eq === -1) {
      pairs.push({ name: raw.word, index: raw.start });
      continue;
    }
    const name = raw.word.slice(0, eq);
    if (name === '') return { pairs, error: `ARG names can not be blank: "${raw.word}"` };
    const rawValue = raw.word.slice(eq + 1);
    pairs.push({ name, value: unquote(rawValue, escapeChar), rawValue, index: raw.start });
  }
  return { pairs };
}

/**
 * ENV and LABEL: `NAME=value ...` pairs, or the legacy `NAME value with spaces` form (one pair,
 * the rest of the line is the value).
 */
export function parseNameValuePairs(text: string, escapeChar: string, keyword: string): KeyValueResult {
  const words = splitRawWords(text, escapeChar);
  const first = words[0];
  if (first === undefined) return { pairs: [], error: `${keyword} needs at least one argument` };
  if (!first.word.includes('=')) {
    const rest = text.slice(first.end).trim();
    const name = unquote(first.word, escapeChar);
    if (rest === '') return { pairs: [], error: `${keyword} ${name} has no value; write ${name}=value` };
    return { pairs: [{ name, value: unquote(rest, escapeChar), rawValue: rest, index: first.start }] };
  }
  const pairs: KeyValue[] = [];
  for (const raw of words) {
    const eq = raw.word.indexOf('=');
    if (eq <= 0) {
      return {
        pairs,
        error: `${keyword}: can't find = in "${raw.word}"; every word must have the form name=value`,
      };
    }
    const rawValue = raw.word.slice(eq + 1);
    pairs.push({
      name: unquote(raw.word.slice(0, eq), escapeChar),
      value: unquote(rawValue, escapeChar),
      rawValue,
      index: raw.start,
    });
  }
  return { pairs };
}
