import type { ShellCommand, ShellWord } from './shell';

/**
 * A fast path for the plain scripts most RUN lines are: simple commands joined by `&&`, `||`, `|`, `;` and newlines,
 * with literal, quoted and `$VAR`/`${VAR…}` words and simple redirections. It returns exactly what the mvdan-sh
 * parse plus walk of shell.ts returns for such a script (commands, words, values, offsets), and `undefined` for
 * anything outside that subset (command substitutions, compound commands, reserved or declaration words at command
 * position, heredocs, non-ASCII text, anything doubtful or invalid), which then goes to mvdan-sh. mvdan-sh (GopherJS)
 * costs milliseconds per script; this costs microseconds. test/unit/shellFast.test.ts checks both agree on every
 * real script of the corpora and on generated variations.
 */

/** Words that start something other than a simple command at command position (mvdan-sh's bash variant). */
const NOT_SIMPLE = new Set([
  '!', '{', '}', '[[', ']]', 'if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'case', 'esac', 'while', 'until',
  'function', 'select', 'time', 'coproc', 'declare', 'local', 'export', 'readonly', 'typeset', 'nameref', 'let', 'builtin',
]);

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
/** `${NAME op word}` forms accepted; their value is the source text, as shell.ts gives for any non-plain expansion. */
const BRACED = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=?]|%%?|##?)[A-Za-z0-9_./:@*[\]-]*)?\}/y;
/** Characters that end an unquoted word. */
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** Reserved words this reader handles at command position (compound commands and their parts, negation). */
const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'do', 'done', 'while', 'until', 'case', 'esac', '{', '}', '!']);
const RESERVED_WORD = /[a-z]+|[{}!]/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const THEN = new Set(['then']);
const IF_STOPS = new Set(['elif', 'else', 'fi']);
const FI = new Set(['fi']);
const DO = new Set(['do']);
const DONE = new Set(['done']);
const CLOSE_BRACE = new Set(['}']);
const ESAC = new Set(['esac']);
/** Declaration builtins: mvdan-sh makes them a DeclClause, which is not a command; only commands nested in its words count. */
const DECLARATION = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

const DECLARATION_WORD = /^(?:[A-Za-z_][A-Za-z0-9_]*|[-+][A-Za-z]+)$/;

class Unsupported extends Error {}

function fail(): never {
  throw new Unsupported();
}

/** Parses a script in the simple subset; undefined when it is not in it (the caller then uses mvdan-sh). */
export function parseSimpleShell(text: string): ShellCommand[] | undefined {
  // Non-ASCII (byte offsets), control characters, CRs, backticks, process substitutions, arithmetic, odd `$` forms.
  // eslint-disable-next-line no-control-regex
  if (/[^\x20-\x7e\t\n]|`|[<>]\(|\$\(\(/.test(text) || /\$[^A-Za-z_{(]|\$$/.test(text.replace(/\\[^]|\$[$@*#?0-9]/g, ''))) return undefined;
  try {
    const lexer = new Lexer(text);
    lexer.script(false);
    // Nested commands are collected as they are met; shell.ts returns them in source order.
    return lexer.commands.sort((a, b) => a.start - b.start);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

interface Word {
  value: string;
  start: number;
  end: number;
  /** An unquoted literal only (no quotes, escapes or expansions): can be a reserved word or a redirection's fd. */
  plain: boolean;
  /** For a word that is `NAME=…` with a plain NAME: the name (the value is the rest of `value` after `=`). */
  assign?: { name: string };
}

class Lexer {
  private pos = 0;
  readonly commands: ShellCommand[] = [];

  constructor(private readonly s: string) {}

  /** A statement list, up to the end of the text or (nested, in `$(…)`) up to the closing `)`, which is not consumed. */
  script(nested: boolean): void {
    const { stop, count } = this.list(undefined, nested);
    if (nested ? stop !== ')' || count === 0 : stop !== '') fail(); // `$()`, or no closing `)`
  }

  /**
   * Statements separated by `;` and newlines, each commands joined by `&&`, `||`, `|`, up to: one of the reserved
   * words `stops` at command position (consumed), a `)` when `paren` (not consumed), or the end of the text ('').
   */
  private list(stops: ReadonlySet<string> | undefined, paren: boolean, caseClause = false): { stop: string; count: number } {
    let count = 0;
    this.skipBlank(true);
    for (;;) {
      while (this.s[this.pos] === '#') {
        this.skipComment();
        this.skipBlank(true);
      }
      if (this.pos >= this.s.length) return { stop: '', count };
      if (caseClause && this.caseClauseEnd()) return { stop: ';;', count };
      if (paren && this.s[this.pos] === ')') return { stop: ')', count };
      const reserved = this.reservedAt();
      if (reserved !== undefined && stops?.has(reserved)) {
        this.pos += reserved.length;
        return { stop: reserved, count };
      }
      for (;;) {
        if (this.reservedAt() === '!') {
          // `! cmd`, `a && ! b`: negates a pipeline; mvdan-sh's commands are those of the pipeline.
          this.pos++;
          if (this.s[this.pos] !== ' ' && this.s[this.pos] !== '\t') fail();
          this.skipBlank(false);
          if (this.reservedAt() === '!') fail();
        }
        this.pipelineElement();
        this.skipBlank(false);
        if (paren && this.s[this.pos] === ')') return { stop: ')', count: count + 1 };
        if (caseClause && this.caseClauseEnd()) return { stop: ';;', count: count + 1 };
        const op = this.operator();
        if (op === '&&' || op === '||' || op === '|') {
          this.skipBlank(true);
          if (this.pos >= this.s.length || (op === '|' && this.reservedAt() === '!')) fail();
          continue;
        }
        if (op === ';' || op === '\n') break;
        if (op === undefined && this.pos >= this.s.length) return { stop: '', count: count + 1 };
        fail();
      }
      count++;
      this.skipBlank(true);
    }
  }

  /** A `;;` (consumed) ending a case clause; `;&` and `;;&` are not read here. */
  private caseClauseEnd(): boolean {
    const s = this.s;
    if (s[this.pos] !== ';' || s[this.pos + 1] !== ';') return false;
    if (s[this.pos + 2] === '&') fail();
    this.pos += 2;
    return true;
  }

  /** A comment, up to (not including) the end of its line; one ending in `\` (mvdan-sh: a continuation) is not read here. */
  private skipComment(): void {
    const nl = this.s.indexOf('\n', this.pos);
    if (nl > 0 && this.s[nl - 1] === '\\') fail();
    this.pos = nl < 0 ? this.s.length : nl;
  }

  /** `case WORD in (PATTERN|PATTERN) LIST ;; … esac`, after `case`. */
  private caseClauses(): void {
    const s = this.s;
    if (s[this.pos] !== ' ' && s[this.pos] !== '\t') fail();
    this.skipBlank(false);
    this.word(false);
    if (s[this.pos] !== ' ' && s[this.pos] !== '\t') fail();
    this.skipBlank(false);
    if (!s.startsWith('in', this.pos) || !(s[this.pos + 2] === ' ' || s[this.pos + 2] === '\t' || s[this.pos + 2] === '\n')) fail();
    this.pos += 2;
    for (;;) {
      this.skipBlank(true);
      if (this.reservedAt() === 'esac') {
        this.pos += 4;
        return;
      }
      if (s[this.pos] === '(') this.pos++;
      for (;;) {
        this.skipBlank(false);
        const c = s[this.pos];
        if (c === undefined || c === '#' || WORD_END.has(c)) fail();
        this.word(false);
        this.skipBlank(false);
        if (s[this.pos] === '|') this.pos++;
        else if (s[this.pos] === ')') break;
        else fail();
      }
      this.pos++;
      const { stop } = this.list(ESAC, false, true);
      if (stop === 'esac') {
        this.pos -= 4; // read again at the top of the loop
        continue;
      }
      if (stop !== ';;') fail();
    }
  }

  /** The reserved word (of those read here) at the current position, if it is a whole word. */
  private reservedAt(): string | undefined {
    RESERVED_WORD.lastIndex = this.pos;
    const m = RESERVED_WORD.exec(this.s);
    if (!m || !RESERVED.has(m[0])) return undefined;
    const next = this.s[this.pos + m[0].length];
    return next === undefined || WORD_END.has(next) ? m[0] : undefined;
  }

  /** A simple command, or one of the compound commands `if`, `for … in`, `while`, `until`, `case`, `{ … }`, `( … )`. */
  private pipelineElement(): void {
    const reserved = this.s[this.pos] === '(' ? '(' : this.reservedAt();
    switch (reserved) {
      case '(': {
        if (this.s[this.pos + 1] === '(') fail(); // arithmetic command
        this.pos++;
        const { stop, count } = this.list(undefined, true);
        if (stop !== ')' || count === 0) fail();
        this.pos++;
        break;
      }
      case undefined:
        this.command();
        return;
      case 'if': {
        this.pos += 2;
        this.body(THEN);
        let stop = this.body(IF_STOPS);
        while (stop === 'elif') {
          this.body(THEN);
          stop = this.body(IF_STOPS);
        }
        if (stop === 'else') this.body(FI);
        break;
      }
      case 'while':
      case 'until':
        this.pos += reserved.length;
        this.body(DO);
        this.body(DONE);
        break;
      case 'for':
        this.pos += 3;
        this.forHeader();
        this.body(DONE);
        break;
      case '{':
        this.pos++;
        this.body(CLOSE_BRACE);
        break;
      case 'case':
        this.pos += 4;
        this.caseClauses();
        break;
      default:
        fail();
    }
    // Redirections may follow a compound command (`{ …; } > f`); words may not.
    const c = this.s[this.pos];
    if (c !== undefined && c !== ' ' && c !== '\t' && c !== '\n' && c !== ';' && c !== '&' && c !== '|' && c !== ')' && c !== '<' && c !== '>') fail();
    for (;;) {
      this.skipBlank(false);
      const next = this.s[this.pos];
      if (next === '<' || next === '>' || (next === '&' && this.s[this.pos + 1] === '>')) this.redirect();
      else if (next !== undefined && next !== '\n' && next !== ';' && next !== '&' && next !== '|' && next !== ')') fail();
      else return;
    }
  }

  /** A non-empty statement list ended by one of `stops`; returns the one met. */
  private body(stops: ReadonlySet<string>): string {
    const { stop, count } = this.list(stops, false);
    if (!stops.has(stop) || count === 0) fail();
    return stop;
  }

  /** `NAME in words;` or `NAME;` (each then a newline or `;`), up to and including `do`. */
  private forHeader(): void {
    const s = this.s;
    if (s[this.pos] !== ' ' && s[this.pos] !== '\t') fail();
    this.skipBlank(false);
    NAME.lastIndex = this.pos;
    const name = NAME.exec(s);
    if (!name) fail();
    this.pos += name[0].length;
    const after = s[this.pos];
    if (after !== ' ' && after !== '\t' && after !== ';' && after !== '\n') fail();
    this.skipBlank(false);
    if (s.startsWith('in', this.pos) && (s[this.pos + 2] === ' ' || s[this.pos + 2] === '\t' || s[this.pos + 2] === ';' || s[this.pos + 2] === '\n')) {
      this.pos += 2;
      for (;;) {
        this.skipBlank(false);
        const c = s[this.pos];
        if (c === ';' || c === '\n') break;
        if (c === undefined || c === '#' || c === '<' || c === '>' || c === '&' || c === '|' || c === '(' || c === ')') fail();
        this.word(false);
      }
    }
    if (s[this.pos] !== ';' && s[this.pos] !== '\n') fail();
    this.pos++;
    this.skipBlank(true);
    if (this.reservedAt() !== 'do') fail();
    this.pos += 2;
  }

  /** `&&`, `||`, `|`, `;`, newline (consumed), or undefined at the end; anything else is unsupported. */
  private operator(): string | undefined {
    const s = this.s;
    const c = s[this.pos];
    if (c === undefined) return undefined;
    if (c === '\n' || c === ';') {
      if (c === ';' && s[this.pos + 1] === ';') fail();
      this.pos++;
      return c;
    }
    if (c === '&' && s[this.pos + 1] === '&') return (this.pos += 2), '&&';
    if (c === '|' && s[this.pos + 1] === '|') return (this.pos += 2), '||';
    if (c === '|' && s[this.pos + 1] !== '&') return this.pos++, '|';
    fail();
  }

  /** Skips blanks and `\`-newline continuations (and newlines, when allowed). */
  private skipBlank(newlines: boolean): void {
    const s = this.s;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || (newlines && c === '\n')) this.pos++;
      else if (c === '\\' && s[this.pos + 1] === '\n') this.pos += 2;
      else return;
    }
  }

  /**
   * One simple command: assignments, then words, with redirections anywhere; collected. A declaration (`export A=$(x)`)
   * is read the same way but not collected (only the commands nested in its words are).
   */
  private command(): void {
    const env: Record<string, string> = {};
    const argv: ShellWord[] = [];
    let start = -1;
    let end = -1;
    let declaration = false;
    let redirected = false;
    for (;;) {
      this.skipBlank(false);
      const c = this.s[this.pos];
      if (c === undefined || c === '\n' || c === ';' || c === '|' || c === ')' || (c === '&' && this.s[this.pos + 1] === '&')) break;
      if (c === '#') {
        // After a blank: a comment to the end of the line, which ends the command.
        if (start < 0) fail();
        this.skipComment();
        break;
      }
      if (c === '<' || c === '>' || c === '&') {
        if (declaration) fail(); // mvdan-sh ends a declaration's words at a redirection
        this.redirect();
        redirected = true;
        continue;
      }
      const word = this.word(argv.length === 0 || declaration);
      if (word.plain && /^[0-9]+$/.test(word.value) && (this.s[this.pos] === '>' || this.s[this.pos] === '<')) {
        if (word.value.length > 1 || declaration) fail();
        // `2>&1`: the digit is the redirection's file descriptor.
        this.redirect();
        redirected = true;
        continue;
      }
      if (declaration) {
        // mvdan-sh reads a declaration's words as assignments, names or options, and refuses other words.
        if (!word.assign && !(word.plain && DECLARATION_WORD.test(word.value))) fail();
        continue;
      }
      if (argv.length === 0 && word.assign) {
        env[word.assign.name] = word.value.slice(word.assign.name.length + 1);
        if (start < 0) start = word.start;
        end = word.end;
        continue;
      }
      if (argv.length === 0 && word.plain && DECLARATION.has(word.value)) {
        if (start >= 0 || redirected) fail(); // `A=1 export B`, `>&2 export B`
        declaration = true;
        start = word.start;
        continue;
      }
      if (argv.length === 0 && word.plain && NOT_SIMPLE.has(word.value)) fail();
      argv.push({ value: word.value, start: word.start, end: word.end });
      if (start < 0) start = word.start;
      end = word.end;
    }
    if (start < 0) fail(); // redirections alone, or nothing: not a simple command with words
    if (!declaration) this.commands.push({ argv, env, start, end });
  }

  /** `>`, `>>`, `<`, `>&`, `&>`, `&>>` and their target word. */
  private redirect(): void {
    const s = this.s;
    if (s.startsWith('&>>', this.pos)) this.pos += 3;
    else if (s.startsWith('&>', this.pos)) this.pos += 2;
    else if (s.startsWith('>>', this.pos)) this.pos += 2;
    else if (s.startsWith('>&', this.pos)) this.pos += 2;
    else if (s[this.pos] === '>' && s[this.pos + 1] !== '|') this.pos += 1;
    else if (s[this.pos] === '<' && s[this.pos + 1] !== '<' && s[this.pos + 1] !== '&' && s[this.pos + 1] !== '>') this.pos += 1;
    else fail();
    while (s[this.pos] === ' ' || s[this.pos] === '\t') this.pos++;
    const c = s[this.pos];
    if (c === undefined || WORD_END.has(c) || c === '\\' || c === '#') fail();
    this.word(false);
    const after = s[this.pos];
    if (after === '<' || after === '>' || after === '&' || after === '(') fail(); // `>&2>>x`: mvdan-sh reads these differently
  }

  private word(commandPosition: boolean): Word {
    const s = this.s;
    const start = this.pos;
    let value = '';
    let plain = true;
    let assign: Word['assign'];
    /** What the word's text so far ends with: a plain character, an escape, or a quote or expansion. */
    let last: 'lit' | 'escape' | 'other' = 'other';
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || WORD_END.has(c)) break;
      if (c === '\\') {
        const next = s[this.pos + 1];
        if (next === undefined) fail();
        if (next === '\n') {
          // A continuation after a plain character is removed and the word goes on (mvdan-sh: the word's end is after it).
          if (commandPosition || last !== 'lit' || s[this.pos + 2] === undefined) fail();
          this.pos += 2;
          plain = false;
          continue;
        }
        value += next;
        plain = false;
        last = 'escape';
        this.pos += 2;
      } else if (c === '#' && last !== 'lit') {
        fail(); // after a quote or an expansion, mvdan-sh starts a comment here
      } else if (c === "'") {
        const close = s.indexOf("'", this.pos + 1);
        if (close < 0) fail();
        value += s.slice(this.pos + 1, close);
        plain = false;
        last = 'other';
        this.pos = close + 1;
      } else if (c === '"') {
        value += this.doubleQuoted();
        plain = false;
        last = 'other';
      } else if (c === '$') {
        value += this.expansion();
        plain = false;
        last = 'other';
      } else {
        last = 'lit';
        if (c === '=' && commandPosition && plain && assign === undefined && this.pos > start) {
          const name = s.slice(start, this.pos);
          if (NAME_START.test(name[0]) && [...name].every((ch) => NAME_CHAR.test(ch))) assign = { name };
        }
        if (c === '=' && s[this.pos - 1] === '+' && commandPosition && plain) fail(); // `A+=x`
        if (c === '[' && commandPosition && plain && assign === undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.slice(start, this.pos))) fail(); // `a[i]=x`
        value += c;
        this.pos++;
      }
    }
    if (this.pos === start) fail();
    // `"b"12>x`, `$12>x`, `2\<newline>>x`: mvdan-sh reads trailing digits before `<`/`>` as a redirection's fd.
    if ((s[this.pos] === '<' || s[this.pos] === '>') && /[0-9]$/.test(s.slice(start, this.pos)) && !(plain && /^[0-9]$/.test(value))) fail();
    return { value, start, end: this.pos, plain, assign };
  }

  private doubleQuoted(): string {
    const s = this.s;
    let value = '';
    this.pos++;
    for (;;) {
      const c = s[this.pos];
      if (c === undefined) fail();
      if (c === '"') {
        this.pos++;
        return value;
      }
      if (c === '\\') {
        const next = s[this.pos + 1];
        if (next === undefined) fail();
        if (next !== '\n') value += next;
        this.pos += 2;
      } else if (c === '$') {
        value += this.expansion();
      } else {
        value += c;
        this.pos++;
      }
    }
  }

  /**
   * `$NAME`, `$1`, `$@`…, `${NAME}` (value `${NAME}`), the accepted `${NAME op word}` forms and `$(commands)` (value:
   * their text; the commands inside are collected).
   */
  private expansion(): string {
    const s = this.s;
    const start = this.pos;
    const next = s[start + 1];
    if (next === '(') {
      if (s[start + 2] === '(') fail(); // arithmetic
      this.pos = start + 2;
      this.script(true);
      if (s[this.pos] !== ')') fail();
      this.pos++;
      return s.slice(start, this.pos);
    }
    if (next === '{') {
      BRACED.lastIndex = start;
      const m = BRACED.exec(s);
      if (!m) fail();
      this.pos = start + m[0].length;
      return m[2] === undefined ? '${' + m[1] + '}' : m[0];
    }
    if (next !== undefined && NAME_START.test(next)) {
      let end = start + 2;
      while (end < s.length && NAME_CHAR.test(s[end])) end++;
      if (s[end] === '\\' && s[end + 1] === '\n') fail(); // a continuation inside a name joins it
      this.pos = end;
      return '${' + s.slice(start + 1, end) + '}';
    }
    if (next !== undefined && /[0-9@*#?$]/.test(next)) {
      if (s[start + 2] === '\\' && s[start + 3] === '\n') fail();
      this.pos = start + 2;
      return '${' + next + '}';
    }
    fail();
  }
}
