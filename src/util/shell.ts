/**
 * A small, forgiving splitter of shell scripts (RUN lines, RUN heredoc bodies) into simple
 * commands, for lint rules. Not a shell: it splits on `&&`, `||`, `;`, `|`, `&` and newlines,
 * respecting quotes, escapes, `$( )`, `${ }`, backticks, comments and line continuations, and
 * keeps redirections and heredoc bodies out of the words.
 */

export type ShellOperator = '&&' | '||' | ';' | '|' | 'start';

export interface ShellCommand {
  /** Words with quotes removed; `$(...)`, `${...}` and backticks kept as written. Leading `if`/`then`/`do`/... dropped. */
  words: string[];
  /** `NAME=value` assignments written before the command (`DEBIAN_FRONTEND=noninteractive apt-get ...`). */
  env: Record<string, string>;
  /** How this command is joined to the previous one; `start` for the first. */
  operator: ShellOperator;
  /** For `a | b`: index (in the result) of the command whose output this one reads. */
  pipedFrom?: number;
  /** Offset of the command's first character in the script. */
  offset: number;
  /** Redirections as written without spaces (`>/dev/null`, `2>&1`, `<<EOF`). */
  redirects: string[];
}

const LEADING_RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
const CLOSING_RESERVED = new Set(['fi', 'done', 'esac', '}']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
}

export function parseShell(script: string): ShellCommand[] {
  return new ShellSplitter(script).run();
}

/** The command's program without its directory (`/usr/bin/apt-get` gives `apt-get`); undefined if none. */
export function commandName(cmd: ShellCommand): string | undefined {
  const first = cmd.words[0];
  if (first === undefined) return undefined;
  const slash = first.lastIndexOf('/');
  return slash === -1 || slash === first.length - 1 ? first : first.slice(slash + 1);
}

/**
 * Whether the command has one of the flags: long flags match `--yes` and `--yes=...`, short
 * flags also match inside a group (`-qy` has `-y`).
 */
export function hasFlag(cmd: ShellCommand, ...flags: string[]): boolean {
  for (const word of cmd.words.slice(1)) {
    if (word === '--') return false;
    if (!word.startsWith('-')) continue;
    for (const flag of flags) {
      if (word === flag) return true;
      if (flag.startsWith('--')) {
        if (word.startsWith(flag + '=')) return true;
      } else if (
        flag.length === 2 &&
        !word.startsWith('--') &&
        word.length > 2 &&
        /^-[A-Za-z0-9]+$/.test(word)
      ) {
        if (word.includes(flag[1]!)) return true;
      }
    }
  }
  return false;
}

class ShellSplitter {
  private i = 0;
  private readonly out: ShellCommand[] = [];
  private words: string[] = [];
  private redirects: string[] = [];
  private word: string | undefined;
  private commandStart = -1;
  private operator: ShellOperator = 'start';
  private heredocs: PendingHeredoc[] = [];

  constructor(private readonly s: string) {}

  run(): ShellCommand[] {
    const s = this.s;
    while (this.i < s.length) {
      const ch = s[this.i]!;
      const next = s[this.i + 1];
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        this.endWord();
        this.i++;
      } else if (ch === '\n') {
        this.endCommand(';');
        this.i++;
        this.skipHeredocBodies();
      } else if (ch === '\\') {
        if (next === '\n') this.i += 2;
        else if (next === '\r' && s[this.i + 2] === '\n') this.i += 3;
        else {
          this.append(next ?? '');
          this.i += 2;
        }
      } else if (ch === "'") {
        this.singleQuoted();
      } else if (ch === '"') {
        this.doubleQuoted();
      } else if (ch === '`') {
        this.append(this.readBackticks());
      } else if (ch === '$' && (next === '(' || next === '{')) {
        this.append(this.readBalanced());
      } else if (ch === '#' && this.word === undefined) {
        const eol = s.indexOf('\n', this.i);
        this.i = eol === -1 ? s.length : eol;
      } else if (ch === '&' && next === '&') {
        this.endCommand('&&');
        this.i += 2;
      } else if (ch === '|' && next === '|') {
        this.endCommand('||');
        this.i += 2;
      } else if (ch === '&' && next === '>') {
        this.redirect();
      } else if (ch === '|') {
        this.endCommand('|');
        this.i += next === '&' ? 2 : 1;
      } else if (ch === ';' || ch === '&') {
        this.endCommand(';');
        this.i += next === ';' && ch === ';' ? 2 : 1;
      } else if (ch === ')' || (ch === '(' && this.word === undefined)) {
        this.endCommand(ch === '(' ? 'keep' : ';');
        this.i++;
      } else if (ch === '<' || ch === '>') {
        this.redirect();
      } else {
        this.append(ch);
        this.i++;
      }
    }
    this.endCommand(';');
    return this.out;
  }

  private append(text: string): void {
    if (this.word === undefined) {
      this.word = '';
      if (this.commandStart === -1) this.commandStart = this.i;
    }
    this.word += text;
  }

  private endWord(): void {
    if (this.word !== undefined) this.words.push(this.word);
    this.word = undefined;
  }

  /** `keep`: a boundary that does not change how the next command is joined (`(`). */
  private endCommand(op: ShellOperator | 'keep'): void {
    this.endWord();
    let words = this.words;
    const env: Record<string, string> = {};
    let k = 0;
    while (k < words.length && LEADING_RESERVED.has(words[k]!)) k++;
    while (k < words.length && ASSIGNMENT.test(words[k]!)) {
      const w = words[k]!;
      const eq = w.indexOf('=');
      env[w.slice(0, eq)] = w.slice(eq + 1);
      k++;
    }
    words = words.slice(k);
    if (words.length === 1 && CLOSING_RESERVED.has(words[0]!)) words = [];
    const hasContent = words.length > 0 || Object.keys(env).length > 0;
    if (hasContent) {
      const cmd: ShellCommand = {
        words,
        env,
        operator: this.operator,
        offset: this.commandStart,
        redirects: this.redirects,
      };
      if (this.operator === '|' && this.out.length > 0) cmd.pipedFrom = this.out.length - 1;
      this.out.push(cmd);
      if (op !== 'keep') this.operator = op;
    } else if (op !== ';' && op !== 'keep' && this.out.length > 0) {
      this.operator = op;
    }
    this.words = [];
    this.redirects = [];
    this.commandStart = -1;
  }

  private singleQuoted(): void {
    const close = this.s.indexOf("'", this.i + 1);
    const end = close === -1 ? this.s.length : close;
    this.append(this.s.slice(this.i + 1, end));
    this.i = end + 1;
  }

  private doubleQuoted(): void {
    const s = this.s;
    this.append('');
    this.i++;
    while (this.i < s.length) {
      const ch = s[this.i]!;
      if (ch === '"') {
        this.i++;
        return;
      }
      if (ch === '\\') {
        const next = s[this.i + 1];
        if (next === '\n') this.i += 2;
        else if (next === '"' || next === '\\' || next === '$' || next === '`') {
          this.word += next;
          this.i += 2;
        } else {
          this.word += ch;
          this.i++;
        }
      } else if (ch === '`') {
        this.word += this.readBackticks();
      } else if (ch === '$' && (s[this.i + 1] === '(' || s[this.i + 1] === '{')) {
        this.word += this.readBalanced();
      } else {
        this.word += ch;
        this.i++;
      }
    }
  }

  private readBackticks(): string {
    const s = this.s;
    const start = this.i;
    this.i++;
    while (this.i < s.length && s[this.i] !== '`') this.i += s[this.i] === '\\' ? 2 : 1;
    this.i = Math.min(this.i + 1, s.length);
    return s.slice(start, this.i);
  }

  /** `$(...)`, `$((...))` or `${...}`, with nesting and quotes, returned as written. */
  private readBalanced(): string {
    const s = this.s;
    const start = this.i;
    const open = s[this.i + 1]!;
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    this.i++;
    while (this.i < s.length) {
      const ch = s[this.i]!;
      if (ch === '\\') {
        this.i += 2;
        continue;
      }
      if (ch === "'" && open === '(') {
        const end = s.indexOf("'", this.i + 1);
        this.i = end === -1 ? s.length : end + 1;
        continue;
      }
      if (ch === '"') {
        this.i++;
        while (this.i < s.length && s[this.i] !== '"') this.i += s[this.i] === '\\' ? 2 : 1;
        this.i++;
        continue;
      }
      if (ch === open) depth++;
      else if (ch === close) {
        depth--;
        if (depth === 0) {
          this.i++;
          return s.slice(start, this.i);
        }
      }
      this.i++;
    }
    this.i = s.length;
    return s.slice(start);
  }

  private redirect(): void {
    const s = this.s;
    let op = '';
    if (this.word !== undefined && /^\d+$/.test(this.word)) {
      op = this.word;
      this.word = undefined;
    } else {
      this.endWord();
    }
    if (this.commandStart === -1) this.commandStart = this.i;
    const m = /^(?:&>>?|<<<|<<-|<<|<>|<&|>>|>&|>\||<|>)/.exec(s.slice(this.i, this.i + 3));
    const symbol = m ? m[0] : s[this.i]!;
    op += symbol;
    this.i += symbol.length;
    while (s[this.i] === ' ' || s[this.i] === '\t') this.i++;
    const saved = this.word;
    this.word = undefined;
    const savedStart = this.commandStart;
    this.readWord();
    const target = this.word ?? '';
    this.word = saved;
    this.commandStart = savedStart;
    this.redirects.push(op + target);
    if (symbol === '<<' || symbol === '<<-') {
      this.heredocs.push({ delimiter: target, stripTabs: symbol === '<<-' });
    }
  }

  /** Reads one word (quotes and escapes handled) into `this.word`. */
  private readWord(): void {
    const s = this.s;
    while (this.i < s.length) {
      const ch = s[this.i]!;
      if (' \t\r\n;&|<>()'.includes(ch)) return;
      if (ch === "'") this.singleQuoted();
      else if (ch === '"') this.doubleQuoted();
      else if (ch === '\\') {
        this.append(s[this.i + 1] ?? '');
        this.i += 2;
      } else if (ch === '$' && (s[this.i + 1] === '(' || s[this.i + 1] === '{'))
        this.append(this.readBalanced());
      else {
        this.append(ch);
        this.i++;
      }
    }
  }

  private skipHeredocBodies(): void {
    const s = this.s;
    for (const heredoc of this.heredocs) {
      while (this.i < s.length) {
        const eol = s.indexOf('\n', this.i);
        const end = eol === -1 ? s.length : eol;
        let line = s.slice(this.i, end);
        if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
        this.i = end + 1;
        if (line.replace(/\r$/, '') === heredoc.delimiter) break;
      }
    }
    this.heredocs = [];
  }
}
