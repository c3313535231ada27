/**
 * A strict expander for VS Code (TextMate) snippet bodies, for tests: every tab stop, placeholder and choice
 * takes its default (first choice, placeholder text, empty for bare tab stops and $0), variables take the
 * values given. Stricter than VS Code on purpose: an unescaped `$` that starts nothing, an unknown variable, an
 * unterminated `${` or conflicting defaults for one tab stop throw, because in an editor they silently insert
 * something the author did not mean.
 */

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number }
  | { kind: 'placeholder'; index: number; children: Node[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children?: Node[] };

export class SnippetSyntaxError extends Error {}

export interface ParsedSnippet {
  nodes: Node[];
  /** Tab-stop indices (0 excluded) in the order they first appear in the body. */
  tabOrder: number[];
}

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const DIGITS = /[0-9]+/y;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw this.error('unexpected "}"');
    return nodes;
  }

  private error(message: string): SnippetSyntaxError {
    const line = this.src.slice(0, this.pos).split('\n').length;
    return new SnippetSyntaxError(`${message} at line ${line} of the body: ${JSON.stringify(this.src.split('\n')[line - 1])}`);
  }

  /** Text and constructs until end of input or, when nested, an unescaped `}` (left unconsumed). */
  private sequence(nested: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += ch; // VS Code keeps a backslash that escapes nothing (Dockerfile line continuations).
          this.pos += 1;
        }
      } else if (ch === '}' && nested) {
        break;
      } else if (ch === '$') {
        flush();
        nodes.push(this.dollar());
      } else {
        text += ch;
        this.pos += 1;
      }
    }
    flush();
    return nodes;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.src);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private dollar(): Node {
    this.pos += 1; // '$'
    const digits = this.match(DIGITS);
    if (digits !== undefined) return { kind: 'tabstop', index: Number(digits) };
    const name = this.match(NAME);
    if (name !== undefined) return { kind: 'variable', name };
    if (this.src[this.pos] !== '{') throw this.error('unescaped "$" (write \\$ for a literal dollar)');
    this.pos += 1;
    const index = this.match(DIGITS);
    if (index !== undefined) return this.afterIndex(Number(index));
    const varName = this.match(NAME);
    if (varName === undefined) throw this.error('"${" must be followed by a tab-stop number or a variable name');
    const next = this.src[this.pos];
    if (next === '}') {
      this.pos += 1;
      return { kind: 'variable', name: varName };
    }
    if (next === ':') {
      this.pos += 1;
      const children = this.sequence(true);
      this.expect('}');
      return { kind: 'variable', name: varName, children };
    }
    if (next === '/') throw this.error('variable transforms are not supported by these tests');
    throw this.error(`unterminated variable \${${varName}`);
  }

  private afterIndex(index: number): Node {
    const next = this.src[this.pos];
    if (next === '}') {
      this.pos += 1;
      return { kind: 'tabstop', index };
    }
    if (next === ':') {
      this.pos += 1;
      const children = this.sequence(true);
      this.expect('}');
      return { kind: 'placeholder', index, children };
    }
    if (next === '|') {
      this.pos += 1;
      const options: string[] = [];
      let current = '';
      for (;;) {
        if (this.pos >= this.src.length) throw this.error(`unterminated choice \${${index}|`);
        const ch = this.src[this.pos];
        if (ch === '\\' && /[,|\\]/.test(this.src[this.pos + 1] ?? '')) {
          current += this.src[this.pos + 1];
          this.pos += 2;
        } else if (ch === ',') {
          options.push(current);
          current = '';
          this.pos += 1;
        } else if (ch === '|' && this.src[this.pos + 1] === '}') {
          options.push(current);
          this.pos += 2;
          break;
        } else {
          current += ch;
          this.pos += 1;
        }
      }
      if (options.some((o) => o === '')) throw this.error(`empty option in choice \${${index}|`);
      return { kind: 'choice', index, options };
    }
    throw this.error(`unterminated tab stop \${${index}`);
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw this.error(`missing "${ch}"`);
    this.pos += 1;
  }
}

export function parseSnippet(body: string): ParsedSnippet {
  const nodes = new Parser(body).parse();
  const tabOrder: number[] = [];
  const visit = (list: Node[]) => {
    for (const n of list) {
      if ((n.kind === 'tabstop' || n.kind === 'placeholder' || n.kind === 'choice') && n.index !== 0 && !tabOrder.includes(n.index)) tabOrder.push(n.index);
      if (n.kind === 'placeholder' || (n.kind === 'variable' && n.children)) visit(n.children!);
    }
  };
  visit(nodes);
  return { nodes, tabOrder };
}

/** Values of the snippet variables a test provides; any other variable name is an error. */
export type Variables = Record<string, string>;

export function expandSnippet(body: string, variables: Variables = {}): string {
  const { nodes } = parseSnippet(body);
  // The default of each tab stop: the text of its placeholder or the first option of its choice.
  const defaults = new Map<number, Node>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'placeholder' || n.kind === 'choice') {
        const seen = defaults.get(n.index);
        if (seen && JSON.stringify(seen) !== JSON.stringify(n)) throw new SnippetSyntaxError(`tab stop $${n.index} has two different defaults`);
        defaults.set(n.index, n);
      }
      if (n.kind === 'placeholder' || (n.kind === 'variable' && n.children)) collect(n.children!);
    }
  };
  collect(nodes);
  const render = (list: Node[], resolving: number[]): string =>
    list
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return n.value;
          case 'choice':
            return n.options[0];
          case 'placeholder':
          case 'tabstop': {
            if (n.index === 0 && n.kind === 'tabstop') return '';
            if (resolving.includes(n.index)) throw new SnippetSyntaxError(`tab stop $${n.index} contains itself`);
            const def = n.kind === 'placeholder' ? n : defaults.get(n.index);
            if (!def) return '';
            if (def.kind === 'choice') return def.options[0];
            return render((def as { children: Node[] }).children, [...resolving, n.index]);
          }
          case 'variable': {
            if (Object.hasOwn(variables, n.name)) {
              const value = variables[n.name];
              if (value !== '' || !n.children) return value;
            }
            if (n.children) return render(n.children, resolving);
            throw new SnippetSyntaxError(`unknown variable $${n.name} (escape a literal dollar as \\$)`);
          }
        }
      })
      .join('');
  return render(nodes, []);
}
