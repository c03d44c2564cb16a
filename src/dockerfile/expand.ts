/**
 * BuildKit's word processing (its shell lexer, `ProcessWord`): quotes are removed, the escape
 * character makes the next character literal, and `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`,
 * `${VAR:+x}`, `${VAR+x}`, `${VAR:?x}`, `${VAR?x}` are substituted. Single quotes keep `$` literal.
 */

export type Variables = Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);

export interface ExpandResult {
  value: string;
  /** Names used without a value (no default applied), in order of first use. */
  unresolved: string[];
}

export interface ExpandOptions {
  /** The escape character (`# escape=`), `\` by default. */
  escape?: string;
}

/** Expands `text` with `vars`. An unset variable gives an empty string and is listed as unresolved. */
export function expand(text: string, vars: Variables, options: ExpandOptions = {}): ExpandResult {
  const lookup = typeof vars === 'function' ? vars : (name: string) => lookupRecord(vars, name);
  const lexer = new WordLexer(text, options.escape ?? '\\', lookup);
  const value = lexer.word('');
  return { value, unresolved: lexer.unresolved };
}

/**
 * Removes quotes and escapes but keeps variable references as written (`"${A}-x"` gives `${A}-x`).
 * An escaped `$` stays escaped so that a later `expand` still treats it as literal.
 */
export function unquote(text: string, escapeChar = '\\'): string {
  if (!hasQuoteOrEscape(text, escapeChar)) return text;
  return new WordLexer(text, escapeChar, undefined).word('');
}

/** Whether `text` refers to a variable at all (a fast check before expanding). */
export function hasVariable(text: string): boolean {
  return text.includes('$');
}

function lookupRecord(vars: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

function hasQuoteOrEscape(text: string, escapeChar: string): boolean {
  return text.includes('"') || text.includes("'") || text.includes(escapeChar);
}

const SPECIAL_PARAMS = '*#@!?-$';

class WordLexer {
  pos = 0;
  unresolved: string[] = [];

  constructor(
    private readonly text: string,
    private readonly escapeChar: string,
    /** undefined: keep variable references as written. */
    private readonly lookup: ((name: string) => string | undefined) | undefined,
  ) {}

  /** Processes until the end or an unquoted `stop` character (left unconsumed). */
  word(stop: string): string {
    const { text, escapeChar } = this;
    let out = '';
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (stop !== '' && ch === stop) break;
      if (ch === escapeChar) {
        const next = text[this.pos + 1];
        if (next === undefined) break;
        out += this.escaped(next);
        this.pos += 2;
      } else if (ch === "'") {
        out += this.singleQuoted();
      } else if (ch === '"') {
        out += this.doubleQuoted();
      } else {
        out += this.dollarOrChar(ch);
      }
    }
    return out;
  }

  private singleQuoted(): string {
    const close = this.text.indexOf("'", this.pos + 1);
    const end = close === -1 ? this.text.length : close;
    const body = this.text.slice(this.pos + 1, end);
    this.pos = close === -1 ? end : end + 1;
    return body;
  }

  /** Inside double quotes the escape character only escapes `"`, `$` and itself. */
  private doubleQuoted(): string {
    const { text, escapeChar } = this;
    let out = '';
    this.pos++;
    while (this.pos < text.length) {
      const ch = text[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return out;
      }
      const next = text[this.pos + 1];
      if (ch === escapeChar && (next === '"' || next === '$' || next === escapeChar)) {
        out += this.escaped(next);
        this.pos += 2;
      } else {
        out += this.dollarOrChar(ch);
      }
    }
    return out;
  }

  /** The character after an escape; an escaped `$` stays escaped when variables are kept as written. */
  private escaped(next: string): string {
    return next === '$' && this.lookup === undefined ? this.escapeChar + next : next;
  }

  private dollarOrChar(ch: string): string {
    if (ch === '$') return this.dollar();
    this.pos++;
    return ch;
  }

  /** At a `$`. */
  private dollar(): string {
    const { text } = this;
    const start = this.pos;
    this.pos++;
    const next = text[this.pos];
    if (next === '{') return this.braced(start);
    const name = this.name();
    if (name === '') {
      const special = text[this.pos];
      if (special !== undefined && SPECIAL_PARAMS.includes(special)) {
        this.pos++;
        return this.lookup === undefined ? text.slice(start, this.pos) : '';
      }
      return '$';
    }
    if (this.lookup === undefined) return text.slice(start, this.pos);
    if (/^[0-9]/.test(name)) return '';
    return this.value(name) ?? '';
  }

  private name(): string {
    const { text } = this;
    const start = this.pos;
    if (isDigit(text.charCodeAt(start))) {
      while (isDigit(text.charCodeAt(this.pos))) this.pos++;
      return text.slice(start, this.pos);
    }
    while (this.pos < text.length && isNameChar(text.charCodeAt(this.pos))) this.pos++;
    return text.slice(start, this.pos);
  }

  private braced(start: number): string {
    const { text } = this;
    this.pos++;
    const name = this.name();
    const op = text[this.pos];
    if (op === '}') {
      this.pos++;
      if (this.lookup === undefined) return text.slice(start, this.pos);
      return this.value(name) ?? '';
    }
    let modifier = '';
    if (op === ':' && '-+?'.includes(text[this.pos + 1] ?? '}')) {
      modifier = ':' + text[this.pos + 1];
      this.pos += 2;
    } else if (op === '-' || op === '+' || op === '?') {
      modifier = op;
      this.pos++;
    } else {
      return this.unsupported(start, name);
    }
    const inner = new WordLexer(text, this.escapeChar, this.lookup);
    inner.pos = this.pos;
    const word = inner.word('}');
    this.pos = Math.min(inner.pos + 1, text.length);
    if (this.lookup === undefined) return text.slice(start, this.pos);
    const value = this.lookup(name);
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (modifier) {
      case ':-':
        return nonEmpty ? value : this.use(word, inner);
      case '-':
        return set ? value : this.use(word, inner);
      case ':+':
        return nonEmpty ? this.use(word, inner) : '';
      case '+':
        return set ? this.use(word, inner) : '';
      default:
        if (modifier === ':?' ? nonEmpty : set) return value ?? '';
        this.markUnresolved(name);
        return '';
    }
  }

  /** `${VAR#x}`, `${VAR/x/y}` and the like: kept as written, the variable counted as unresolved. */
  private unsupported(start: number, name: string): string {
    const close = this.text.indexOf('}', this.pos);
    this.pos = close === -1 ? this.text.length : close + 1;
    if (this.lookup !== undefined) this.markUnresolved(name);
    return this.text.slice(start, this.pos);
  }

  private use(word: string, inner: WordLexer): string {
    for (const name of inner.unresolved) this.markUnresolved(name);
    return word;
  }

  private value(name: string): string | undefined {
    const value = this.lookup?.(name);
    if (value === undefined) this.markUnresolved(name);
    return value;
  }

  private markUnresolved(name: string): void {
    if (name !== '' && !this.unresolved.includes(name)) this.unresolved.push(name);
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isNameChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95
  );
}
