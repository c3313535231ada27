/**
 * Understanding RUN command lines with a real shell parser (mvdan/sh, compiled to JS).
 * Offsets returned are JS string offsets into the text that was parsed.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sh = require('mvdan-sh');
const syntax = sh.syntax;

export interface ShellWord {
  /** The word with quotes removed; parameter expansions are kept as `${NAME}`. */
  value: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Program and arguments. */
  argv: ShellWord[];
  /** Assignments written before the command (`CGO_ENABLED=0 go build`). */
  env: Record<string, string>;
  start: number;
  end: number;
}

export interface ShellParse {
  commands: ShellCommand[];
  error?: string;
}

let parser: any;

function byteToCharMap(text: string): ((byte: number) => number) | undefined {
  // mvdan/sh reports UTF-8 byte offsets; only non-ASCII text needs a map.
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return undefined;
  const map: number[] = [];
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const len = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let b = 0; b < len; b++) map[byte + b] = i;
    byte += len;
    if (code >= 0x10000) i++;
  }
  map[byte] = text.length;
  return (b) => map[b] ?? text.length;
}

function wordValue(word: any, source: string, toChar: (b: number) => number): string {
  let out = '';
  for (const part of word.Parts ?? []) out += partValue(part, source, toChar);
  return out;
}

function partValue(part: any, source: string, toChar: (b: number) => number): string {
  switch (syntax.NodeType(part)) {
    case 'Lit':
      return part.Value.replace(/\\(.)/g, '$1');
    case 'SglQuoted':
      return part.Value;
    case 'DblQuoted': {
      let out = '';
      for (const p of part.Parts ?? []) out += partValue(p, source, toChar);
      return out;
    }
    case 'ParamExp':
      if (part.Param && !part.Exp && !part.Slice && !part.Repl && !part.Index && !part.Length) return '${' + part.Param.Value + '}';
      return source.slice(toChar(part.Pos().Offset()), toChar(part.End().Offset()));
    default:
      return source.slice(toChar(part.Pos().Offset()), toChar(part.End().Offset()));
  }
}

/** Parses are pure functions of the text; RUN lines rarely change between edits, so keep recent ones. */
const recent = new Map<string, ShellParse>();
const RECENT_LIMIT = 5000;

/** Parses a shell script and returns every simple command in it, in source order. Never throws. */
export function parseShell(text: string): ShellParse {
  const hit = recent.get(text);
  if (hit) return hit;
  const result = parseShellUncached(text);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
  recent.set(text, result);
  return result;
}

function parseShellUncached(text: string): ShellParse {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  const map = byteToCharMap(text);
  const toChar = map ?? ((b: number) => b);
  let file: any;
  try {
    file = parser.Parse(text, '');
  } catch (err: any) {
    const message = typeof err?.Error === 'function' ? err.Error() : String(err?.message ?? err);
    return { commands: [], error: message };
  }
  const commands: ShellCommand[] = [];
  syntax.Walk(file, (node: any) => {
    if (node && syntax.NodeType(node) === 'CallExpr') {
      const env: Record<string, string> = {};
      for (const assign of node.Assigns ?? []) {
        if (assign.Name) env[assign.Name.Value] = assign.Value ? wordValue(assign.Value, text, toChar) : '';
      }
      const argv = (node.Args ?? []).map((w: any) => ({
        value: wordValue(w, text, toChar),
        start: toChar(w.Pos().Offset()),
        end: toChar(w.End().Offset()),
      }));
      commands.push({ argv, env, start: toChar(node.Pos().Offset()), end: toChar(node.End().Offset()) });
    }
    return true;
  });
  commands.sort((a, b) => a.start - b.start);
  return { commands };
}
