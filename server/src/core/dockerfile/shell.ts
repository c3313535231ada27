/**
 * Understanding RUN command lines with a real shell parser (mvdan/sh, compiled to JS).
 * Offsets returned are JS string offsets into the text that was parsed.
 */
import { parseSimpleShell } from './shellFast';

let shellSyntax: any;

/**
 * mvdan-sh's `syntax` package, loaded on first use: initialising the 1.5 MB GopherJS bundle costs
 * tens of milliseconds, which the language server's start-up and files without RUN lines need not pay.
 */
function loadSyntax(): any {
  if (shellSyntax) return shellSyntax;
  const stackTraceLimit = Error.stackTraceLimit;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const sh = require('mvdan-sh');
  // The GopherJS runtime sets an infinite stack-trace limit for the whole process: every thrown error would then
  // record its full stack, which takes minutes in deep recursions.
  Error.stackTraceLimit = stackTraceLimit;
  return (shellSyntax = sh.syntax);
}

/** More `&&`/`||`/`|` than this in one RUN is not analysed: the compiled parser and walker recurse once per operator. */
const MAX_OPERATORS = 1000;

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
  /** Set when the script was not analysed because it is over an analysis limit (not because it is invalid). */
  limit?: ShellLimit;
}

/** The analysis limits a script can exceed: words per script, chained commands per script, shell code per Dockerfile. */
export type ShellLimit = 'script-elements' | 'operators' | 'file-budget';

/** What each limit is, for messages. */
export function describeShellLimit(limit: ShellLimit): string {
  switch (limit) {
    case 'script-elements':
      return `more than ${MAX_SCRIPT_ELEMENTS} shell words, expansions and operators in one RUN`;
    case 'operators':
      return `more than ${MAX_OPERATORS} chained commands in one RUN`;
    case 'file-budget':
      return `more than ${SHELL_BUDGET_PER_FILE} shell words, expansions and operators in the whole Dockerfile`;
  }
}

/** The per-file budget parseDockerfile passes to withShellBudget (kept here so messages can name it). */
export const SHELL_BUDGET_PER_FILE = 8000;

let parser: any;

/** `$(…)`, backticks, `<(…)`, `>(…)`: the only places a command can nest inside another command's words. */
const NESTED_COMMAND = /\$\(|`|[<>]\(/;

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
  switch (loadSyntax().NodeType(part)) {
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

/**
 * The compiled parser's walk costs about a millisecond per syntax node, so scripts are measured before parsing:
 * words, expansions, quotes and operators. One script over MAX_SCRIPT_ELEMENTS, or a file whose scripts together
 * exceed its budget (withShellBudget), is reported as not analysed instead of stalling the editor.
 */
const MAX_SCRIPT_ELEMENTS = 600;
const SCRIPT_OVERHEAD = 5;
let budget: { remaining: number } | undefined;

export function withShellBudget<T>(elements: number, fn: () => T): T {
  const outer = budget;
  budget = { remaining: elements };
  try {
    return fn();
  } finally {
    budget = outer;
  }
}

/** What is left of the budget of the enclosing withShellBudget (undefined outside one). */
export function shellBudgetRemaining(): number | undefined {
  return budget?.remaining;
}

function syntaxElements(text: string, stopAt: number): number {
  let n = SCRIPT_OVERHEAD;
  for (const _ of text.matchAll(/[$`"'(){};|&<>]|\s+/g)) if (++n > stopAt) break;
  return n;
}

// mvdan-sh (GopherJS) costs milliseconds per RUN script, most of it in JS<->Go conversions, so parses are
// memoised by script text: re-checking a document after an edit re-parses only the RUN lines that changed,
// and RUN scripts repeated across a workspace's Dockerfiles are parsed once.
const SHELL_CACHE_LIMIT = 4096;
const shellCache = new Map<string, ShellParse>();

/** Parses a shell script and returns every simple command in it, in source order. Never throws. */
export function parseShell(text: string): ShellParse {
  // The budget is charged for cached scripts too, so a file gets the same findings cold and warm.
  const elements = syntaxElements(text, MAX_SCRIPT_ELEMENTS);
  if (budget && elements <= MAX_SCRIPT_ELEMENTS) {
    if (budget.remaining < elements) return { commands: [], error: 'the Dockerfile has too much shell code to analyse it all; this RUN is not analysed', limit: 'file-budget' };
    budget.remaining -= elements;
  }
  let parsed = shellCache.get(text);
  if (parsed) {
    shellCache.delete(text); // keep recently used scripts at the end (LRU order)
  } else {
    parsed = parseShellUncached(text);
    if (shellCache.size >= SHELL_CACHE_LIMIT) shellCache.delete(shellCache.keys().next().value!);
  }
  shellCache.set(text, parsed);
  // Callers get their own copy, so a caller that mutates its result cannot corrupt the cache.
  return {
    ...(parsed.error !== undefined ? { error: parsed.error } : {}),
    ...(parsed.limit !== undefined ? { limit: parsed.limit } : {}),
    commands: parsed.commands.map((c) => ({ argv: c.argv.map((w) => ({ ...w })), env: { ...c.env }, start: c.start, end: c.end })),
  };
}

let fastPathEnabled = true;

/** Turns the fast path for plain scripts (shellFast.ts) off or on, and forgets memoised parses: tests compare both. */
export function setShellFastPath(enabled: boolean): void {
  fastPathEnabled = enabled;
  shellCache.clear();
}

/** Forgets memoised parses (benchmarks measure cold parsing with it). */
export function clearShellCache(): void {
  shellCache.clear();
}

type Walker = (file: any, text: string, toChar: (b: number) => number, commands: ShellCommand[]) => void;

const collectFromCompiledObjects: Walker = (file, text, toChar, commands) => {
  const internal = file?.__internal_object__;
  if (isGoNode(internal)) collectCommands(internal, text, toChar, commands);
  else walkCommands(file, text, toChar, commands);
};

function parseShellUncached(text: string, walk: Walker = collectFromCompiledObjects, fastPath = true): ShellParse {
  let operators = 0;
  for (const _ of text.matchAll(/&&|\|\|?/g)) if (++operators > MAX_OPERATORS) return { commands: [], error: `more than ${MAX_OPERATORS} chained commands in one RUN; not analysed`, limit: 'operators' };
  if (syntaxElements(text, MAX_SCRIPT_ELEMENTS) > MAX_SCRIPT_ELEMENTS) return { commands: [], error: `the script has more than ${MAX_SCRIPT_ELEMENTS} words and expansions; not analysed`, limit: 'script-elements' };
  // Plain scripts (most RUN lines) are read by the fast path, with the same result; the rest go to mvdan-sh.
  const simple = fastPath && fastPathEnabled ? parseSimpleShell(text) : undefined;
  if (simple) return { commands: simple };
  const syntax = loadSyntax();
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
  try {
    walk(file, text, toChar, commands);
  } catch {
    // syntax.Walk recurses once per `&&`/`|`: thousands of them exhaust the stack.
    commands.sort((a, b) => a.start - b.start);
    return { commands, error: 'the shell script is nested too deeply to analyse' };
  }
  commands.sort((a, b) => a.start - b.start);
  return { commands };
}

/** parseShell through mvdan-sh's public syntax.Walk API, uncached: the reference the fast walk is tested against. */
export function parseShellWithWalk(text: string): ShellParse {
  return parseShellUncached(text, walkCommands, false);
}

/** parseShell through mvdan-sh alone (no fast path), uncached: the reference shellFast.ts is tested against. */
export function parseShellWithMvdan(text: string): ShellParse {
  return parseShellUncached(text, collectFromCompiledObjects, false);
}

function walkCommands(file: any, text: string, toChar: (b: number) => number, commands: ShellCommand[]): void {
  const syntax = loadSyntax();
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
      const start = toChar(node.Pos().Offset());
      const end = toChar(node.End().Offset());
      commands.push({ argv, env, start, end });
      // Walking into a command's words costs a JS<->Go conversion per node; only command or process
      // substitutions can hold further commands, so descend only when the command's text has one.
      return NESTED_COMMAND.test(text.slice(start, end));
    }
    return true;
  });
}

/*
 * The same walk over the parser's own (GopherJS) objects instead of their JS wrappers. Reading a field
 * through mvdan-sh's public API converts every value between Go and JS, which made the walk cost several
 * times the parse itself; the compiled objects are plain JS objects whose fields and methods are read
 * directly. GopherJS describes every struct type (`constructor.elem.fields`), so the walk visits every
 * node reachable from the file like syntax.Walk does, without a per-node-type list to keep in sync.
 * test/unit/shellWalk.test.ts checks it against parseShellWithWalk on real scripts.
 */
const GO_KIND_INTERFACE = 20;
const GO_KIND_PTR = 22;
const GO_KIND_SLICE = 23;

/** A non-nil pointer to a Go struct. */
function isGoNode(value: any): boolean {
  const type = value?.constructor;
  return type !== undefined && type !== null && type.elem?.fields !== undefined && value !== type.nil;
}

/** Fields of a struct type that can lead to further nodes, per type (props of pointer, slice and interface fields). */
const nodeFieldsByType = new Map<any, { prop: string; kind: number }[]>();

function nodeFields(type: any): { prop: string; kind: number }[] {
  let fields = nodeFieldsByType.get(type);
  if (!fields) {
    fields = (type.elem.fields as any[])
      .filter((f) => f.typ.kind === GO_KIND_PTR || f.typ.kind === GO_KIND_INTERFACE || f.typ.kind === GO_KIND_SLICE)
      .map((f) => ({ prop: f.prop as string, kind: f.typ.kind as number }));
    nodeFieldsByType.set(type, fields);
  }
  return fields;
}

function goSlice(slice: any): any[] {
  if (!slice || slice.$array === undefined || !slice.$length) return [];
  return Array.prototype.slice.call(slice.$array, slice.$offset, slice.$offset + slice.$length);
}

/** GopherJS keeps Go strings as UTF-8 bytes, one per JS char. */
function goString(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i) & 0xff;
  return utf8.decode(bytes);
}
const utf8 = new TextDecoder();

function typeName(node: any): string {
  return node.constructor.string as string;
}

function collectCommands(root: any, text: string, toChar: (b: number) => number, commands: ShellCommand[]): void {
  // Iterative, so deeply nested scripts cannot exhaust the stack.
  const pending: any[] = [root];
  while (pending.length) {
    const node = pending.pop();
    if (typeName(node) === '*syntax.CallExpr') {
      const env: Record<string, string> = {};
      for (const assign of goSlice(node.Assigns)) {
        if (isGoNode(assign.Name)) env[goString(assign.Name.Value)] = isGoNode(assign.Value) ? rawWordValue(assign.Value, text, toChar) : '';
      }
      const argv = goSlice(node.Args).map((w: any) => ({
        value: rawWordValue(w, text, toChar),
        start: toChar(w.Pos().offs),
        end: toChar(w.End().offs),
      }));
      const start = toChar(node.Pos().offs);
      const end = toChar(node.End().offs);
      commands.push({ argv, env, start, end });
      if (!NESTED_COMMAND.test(text.slice(start, end))) continue;
    }
    for (const { prop, kind } of nodeFields(node.constructor)) {
      const value = node[prop];
      if (kind === GO_KIND_SLICE) {
        for (const item of goSlice(value)) if (isGoNode(item)) pending.push(item);
      } else if (isGoNode(value)) {
        pending.push(value);
      }
    }
  }
}

function rawWordValue(word: any, source: string, toChar: (b: number) => number): string {
  let out = '';
  for (const part of goSlice(word.Parts)) out += rawPartValue(part, source, toChar);
  return out;
}

function rawPartValue(part: any, source: string, toChar: (b: number) => number): string {
  switch (typeName(part)) {
    case '*syntax.Lit':
      return goString(part.Value).replace(/\\(.)/g, '$1');
    case '*syntax.SglQuoted':
      return goString(part.Value);
    case '*syntax.DblQuoted': {
      let out = '';
      for (const p of goSlice(part.Parts)) out += rawPartValue(p, source, toChar);
      return out;
    }
    case '*syntax.ParamExp':
      if (isGoNode(part.Param) && !isGoNode(part.Exp) && !isGoNode(part.Slice) && !isGoNode(part.Repl) && !isGoNode(part.Index) && !part.Length) return '${' + goString(part.Param.Value) + '}';
      return source.slice(toChar(part.Pos().offs), toChar(part.End().offs));
    default:
      return source.slice(toChar(part.Pos().offs), toChar(part.End().offs));
  }
}
