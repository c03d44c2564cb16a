import { isSpace } from './logicalLine.js';

/** A `--name=value` flag found in an instruction's text, with its [start, end) index there. */
export interface RawFlag {
  name: string;
  value: string | true;
  start: number;
  end: number;
}

/**
 * Reads the `--flag[=value]` words at the start of an instruction's arguments, as BuildKit's
 * extractBuilderFlags does: quotes inside a flag are removed, `\` escapes the next character
 * (always `\`, whatever the escape directive says), a bare `--` ends the flags.
 * Returns the flags and the index where the arguments start.
 */
export function extractFlags(text: string, from: number): { flags: RawFlag[]; rest: number } {
  const flags: RawFlag[] = [];
  const n = text.length;
  let i = from;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i + 1 >= n || text[i] !== '-' || text[i + 1] !== '-') return { flags, rest: i };
    const start = i;
    let word = '';
    let quote = '';
    while (i < n) {
      const ch = text[i]!;
      if (quote === '') {
        if (isSpace(text.charCodeAt(i))) break;
        if (ch === '"' || ch === "'") {
          quote = ch;
          i++;
          continue;
        }
      } else if (ch === quote) {
        quote = '';
        i++;
        continue;
      }
      if (ch === '\\' && i + 1 < n) {
        word += text[i + 1];
        i += 2;
        continue;
      }
      if (ch !== '\\') word += ch;
      i++;
    }
    if (word === '--') {
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      return { flags, rest: i };
    }
    const body = word.slice(2);
    const eq = body.indexOf('=');
    flags.push(
      eq === -1
        ? { name: body, value: true, start, end: i }
        : { name: body.slice(0, eq), value: body.slice(eq + 1), start, end: i },
    );
  }
}

/** Flags each instruction accepts (BuildKit, dockerfile frontend 1.x). */
export const KNOWN_FLAGS: Readonly<Record<string, readonly string[]>> = {
  FROM: ['platform'],
  RUN: ['mount', 'network', 'security', 'device'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'keep-git-dir', 'checksum', 'exclude', 'unpack'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};
