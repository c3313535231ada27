import './astMemo';
import { DockerfileParser, type Instruction, type Dockerfile, type From } from 'dockerfile-ast';
import { LineIndex } from '../text';
import type { Range } from '../types';
import { parseShell, SHELL_BUDGET_PER_FILE, shellBudgetRemaining, withShellBudget, type ShellLimit } from './shell';

export type DistroFamily = 'alpine' | 'debian' | 'distroless' | 'scratch' | 'other';
export type PackageManager = 'apk' | 'apt' | 'dnf' | 'yum' | 'pip' | 'npm';

export interface ImageRef {
  /** As written after variable substitution of global ARG defaults, without `AS name`. */
  raw: string;
  name: string;
  tag?: string;
  digest?: string;
  range: Range;
  tagRange?: Range;
  /** True when the reference still contains an unresolved `$VAR`. */
  dynamic: boolean;
}

export interface Flag {
  name: string;
  value: string | null;
  range: Range;
}

export interface Instr {
  keyword: string;
  range: Range;
  argsRange?: Range;
  /** Raw argument text as written (continuations included). */
  argsText: string;
  flags: Flag[];
  node: Instruction;
}

export interface WordRef {
  value: string;
  range: Range;
}

export interface RunCommand {
  words: WordRef[];
  /** Assignments in front of the command word. */
  env: Record<string, string>;
  range: Range;
}

export interface Mount {
  type: string;
  target?: string;
  options: Record<string, string>;
}

export interface RunInfo {
  instr: Instr;
  stage: Stage;
  /** True for JSON (exec) form. */
  exec: boolean;
  commands: RunCommand[];
  mounts: Mount[];
  parseError?: string;
  /** Set when the script was not analysed because it is over an analysis limit. */
  parseLimit?: ShellLimit;
}

export interface PackageInstall {
  manager: PackageManager;
  run: RunInfo;
  command: RunCommand;
  /** Index in command.words of the subcommand (`add`, `install`). */
  subcommandIndex: number;
  packages: WordRef[];
  options: string[];
}

/** A `COPY`/`ADD` instruction: what it copies, from where, to where. */
export interface CopyInfo {
  instr: Instr;
  stage: Stage;
  keyword: 'COPY' | 'ADD';
  /** Raw `--from` value (stage name, index or image), if any. */
  from?: string;
  /** The stage `--from` resolves to; undefined for the build context or an external image. */
  fromStage?: Stage;
  sources: WordRef[];
  destination?: WordRef;
  /** `--chown` value, if any. */
  chown?: string;
  /** True for `COPY <<EOF /path` (the source is inline text). */
  heredoc: boolean;
}

export type VarKind = 'ARG' | 'ENV';

/** A variable declared by `ARG` or `ENV` in a stage (or before the first FROM). */
export interface VarDecl {
  name: string;
  kind: VarKind;
  /** Value after substituting earlier variables; undefined for `ARG NAME` without default. */
  value?: string;
  instr: Instr;
  nameRange: Range;
}

export interface Stage {
  index: number;
  name?: string;
  nameRange?: Range;
  from: Instr;
  image: ImageRef;
  platform?: string;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  distro: DistroFamily;
  instructions: Instr[];
  runs: RunInfo[];
  installs: PackageInstall[];
  copies: CopyInfo[];
  /** ARG/ENV declarations of this stage, in order (not the parent stage's). */
  vars: VarDecl[];
  /** Stages whose `COPY --from` reads from this one. */
  copiedBy: CopyInfo[];
  /** Later stages built `FROM` this one. */
  children: Stage[];
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  ast: Dockerfile;
  escapeChar: string;
  /** ARGs before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  /** The same ARGs as declarations with ranges. */
  globalVars: VarDecl[];
  /** True when an `# escape=` directive other than backslash is set (Windows style): RUN lines are not shell-parsed. */
  windowsEscape: boolean;
  stages: Stage[];
  /** Instructions before the first FROM (ARG, comments are not instructions). */
  preamble: Instr[];
  finalStage?: Stage;
}


export function parseDockerfile(text: string): DockerfileModel {
  return withShellBudget(SHELL_BUDGET_PER_FILE, () => buildDockerfileModel(text, DockerfileParser.parse(text)));
}

/**
 * What a model build may take from a previous model of the same file (`reparse.ts`): the `Instr` of each unchanged
 * dockerfile-ast node, and the RUN analysis (shell parse) of each unchanged RUN.
 */
export interface ModelReuse {
  instrs: Map<Instruction, Instr>;
  runs: Map<Instr, RunInfo>;
  /** The line index of the new text, when the caller has it without a scan. */
  lines?: LineIndex;
}

/** Shell budget each RUN's parse was charged (`withShellBudget`), and what a model's build left of it. */
const shellCharges = new WeakMap<RunInfo, number>();
const budgetLeft = new WeakMap<DockerfileModel, number>();

/** The shell budget the model's RUN parses left unused (undefined when it was built outside `withShellBudget`). */
export function shellBudgetLeft(model: DockerfileModel): number | undefined {
  return budgetLeft.get(model);
}

/** The shell budget this RUN's script was charged (0 when it was not shell-parsed). */
export function shellChargeOf(run: RunInfo): number {
  return shellCharges.get(run) ?? 0;
}

/**
 * The model of `text` over its dockerfile-ast parse `ast`, inside the caller's `withShellBudget`. With `reuse`, nodes
 * found in it keep their `Instr` and RUN analysis instead of being converted and shell-parsed again.
 */
export function buildDockerfileModel(text: string, ast: Dockerfile, reuse?: ModelReuse): DockerfileModel {
  const lines = reuse?.lines ?? new LineIndex(text);
  const escapeChar = ast.getEscapeCharacter();
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const preamble: Instr[] = [];
  const globalVars: VarDecl[] = [];
  // Variable values per stage as declarations are read (a stage starts from its parent's).
  const runningScopes = new Map<Stage, Map<string, string | undefined>>();
  let current: Stage | undefined;

  for (const node of ast.getInstructions()) {
    const instr = reuse?.instrs.get(node) ?? toInstr(node);
    if (instr.keyword === 'FROM') {
      current = makeStage(node as From, instr, stages, globalArgs);
      current.parent?.children.push(current);
      runningScopes.set(current, new Map(current.parent ? runningScopes.get(current.parent) : []));
      stages.push(current);
      continue;
    }
    if (!current) {
      preamble.push(instr);
      if (instr.keyword === 'ARG') {
        for (const decl of varDecls(instr, lines, new Map(globalArgs), globalArgs)) {
          globalArgs.set(decl.name, decl.value);
          globalVars.push(decl);
        }
      }
      continue;
    }
    current.instructions.push(instr);
    if (instr.keyword === 'RUN') {
      const previous = reuse?.runs.get(instr);
      const run = previous ? reuseRun(previous, current) : parseRun(instr, current, lines, escapeChar);
      current.runs.push(run);
      current.installs.push(...packageInstalls(run));
    } else if (instr.keyword === 'ARG' || instr.keyword === 'ENV') {
      current.vars.push(...varDecls(instr, lines, runningScopes.get(current)!, globalArgs));
    } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
      const copy = parseCopy(instr, current, stages, lines);
      current.copies.push(copy);
      copy.fromStage?.copiedBy.push(copy);
    }
  }
  const windowsEscape = escapeChar !== '\\';
  const model: DockerfileModel = { text, lines, ast, escapeChar, globalArgs, globalVars, windowsEscape, stages, preamble, finalStage: stages[stages.length - 1] };
  const left = shellBudgetRemaining();
  if (left !== undefined) budgetLeft.set(model, left);
  return model;
}

/** A previous model's analysis of an unchanged RUN, in the stage of the new model. */
function reuseRun(previous: RunInfo, stage: Stage): RunInfo {
  const run: RunInfo = { ...previous, stage };
  const charge = shellCharges.get(previous);
  if (charge !== undefined) shellCharges.set(run, charge);
  return run;
}

/**
 * Values of the variables visible in a stage so far: ENV and ARG of the stage and its parents, plus
 * global ARGs the stage re-declares with a bare `ARG NAME` (their default comes from the global one).
 */
export function scopeValues(stage: Stage, globalArgs: Map<string, string | undefined>, upTo?: Instr): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  const lineage = stageLineage(stage).reverse();
  for (const s of lineage) {
    for (const decl of s.vars) {
      if (s === stage && upTo && comparePos(decl.instr.range.start, upTo.range.start) >= 0) break;
      const inherited = decl.kind === 'ARG' && decl.value === undefined ? (values.get(decl.name) ?? globalArgs.get(decl.name)) : decl.value;
      values.set(decl.name, inherited);
    }
  }
  return values;
}

/** Names declared by ARG/ENV that are in scope at an instruction of the stage (inherited from parent stages too). */
export function declaredNamesAt(stage: Stage, instr: Instr): Set<string> {
  const names = new Set<string>();
  for (const s of stageLineage(stage)) {
    for (const decl of s.vars) {
      if (s === stage && comparePos(decl.instr.range.start, instr.range.start) >= 0) break;
      names.add(decl.name);
    }
  }
  return names;
}

function comparePos(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

function varDecls(instr: Instr, lines: LineIndex, scope: Map<string, string | undefined>, globalArgs: Map<string, string | undefined>): VarDecl[] {
  const kind = instr.keyword as VarKind;
  const node = instr.node as any;
  const out: VarDecl[] = [];
  const properties: any[] = typeof node.getProperties === 'function' ? node.getProperties() : [];
  for (const p of properties) {
    const name: string | undefined = p.getName?.();
    if (!name) continue;
    const raw: string | null = p.getValue?.() ?? null;
    const value = raw === null ? undefined : substituteArgs(raw, scope);
    out.push({ name, kind, value, instr, nameRange: p.getNameRange?.() ?? instr.range });
    // A bare `ARG NAME` in a stage takes the value it already has, or the global default.
    scope.set(name, value === undefined && kind === 'ARG' ? (scope.get(name) ?? globalArgs.get(name)) : value);
  }
  void lines;
  return out;
}

const JSON_FORM = /^\s*\[/;

function parseCopy(instr: Instr, stage: Stage, stages: Stage[], lines: LineIndex): CopyInfo {
  const flag = (name: string) => instr.flags.find((f) => f.name.toLowerCase() === name)?.value ?? undefined;
  const from = flag('from');
  const copy: CopyInfo = {
    instr,
    stage,
    keyword: instr.keyword as 'COPY' | 'ADD',
    from,
    fromStage: from !== undefined ? resolveStageRef(stages, from, stage.index) : undefined,
    sources: [],
    chown: flag('chown'),
    heredoc: false,
  };
  const node = instr.node as any;
  const flagEnd = instr.flags.length ? instr.flags[instr.flags.length - 1].range.end : undefined;
  let args: WordRef[] = node
    .getArguments()
    .map((a: any) => ({ value: a.getValue() as string, range: a.getRange() as Range }))
    .filter((a: WordRef) => !flagEnd || comparePos(a.range.start, flagEnd) >= 0);
  if (args.length && JSON_FORM.test(args[0].value)) {
    const start = lines.offsetAt(args[0].range.start);
    const end = lines.offsetAt(args[args.length - 1].range.end);
    try {
      const parsed = JSON.parse(lines.text.slice(start, end).replace(/\\\r?\n/g, ''));
      if (Array.isArray(parsed)) {
        const whole = { start: args[0].range.start, end: args[args.length - 1].range.end };
        args = parsed.map((v) => ({ value: String(v), range: whole }));
      }
    } catch {
      // Not valid JSON: keep the shell-style words; syntax validation reports the problem.
    }
  }
  const heredocIndex = args.findIndex((a) => /^<<-?/.test(a.value));
  if (heredocIndex >= 0) {
    copy.heredoc = true;
    // `COPY <<EOF /dest` — the destination is the first word after the heredoc markers on the instruction's first line.
    const firstLine = args[heredocIndex].range.start.line;
    const onFirstLine = args.filter((a) => a.range.start.line === firstLine && !/^<<-?/.test(a.value));
    copy.destination = onFirstLine[onFirstLine.length - 1];
    return copy;
  }
  if (args.length >= 2) {
    copy.sources = args.slice(0, -1);
    copy.destination = args[args.length - 1];
  } else if (args.length === 1) {
    copy.sources = args;
  }
  return copy;
}

/** Resolves `--from=<ref>` (stage name or index) to a stage defined before `beforeIndex`. */
export function resolveStageRef(stages: Stage[], ref: string, beforeIndex: number): Stage | undefined {
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    return i < beforeIndex ? stages[i] : undefined;
  }
  const lower = ref.toLowerCase();
  return stages.find((s) => s.index < beforeIndex && s.name?.toLowerCase() === lower);
}

/**
 * dockerfile-ast recomputes an instruction's arguments from its text on every getArguments(),
 * getArgumentsRange(), getRawArgumentsContent()… call, and the model, the rules and the syntax validation
 * (which reuses this AST) call them many times per instruction. Memoise them per instruction of our own ASTs;
 * callers get a fresh array (ModifiableInstruction.getArguments shifts flags off the array it is given).
 */
function memoiseArguments(node: Instruction): void {
  const instance = node as unknown as { getRawArguments: () => unknown[] };
  const compute = instance.getRawArguments;
  if (typeof compute !== 'function') return;
  let memo: unknown[] | undefined;
  instance.getRawArguments = () => (memo ??= compute.call(node)).slice();
}

function toInstr(node: Instruction): Instr {
  memoiseArguments(node);
  const argsRange = node.getArgumentsRange() ?? undefined;
  const flags: Flag[] =
    typeof (node as any).getFlags === 'function'
      ? (node as any).getFlags().map((f: any) => ({ name: f.getName(), value: f.getValue(), range: f.getRange() }))
      : [];
  return {
    keyword: node.getKeyword().toUpperCase(),
    range: node.getRange(),
    argsRange,
    argsText: node.getRawArgumentsContent() ?? '',
    flags,
    node,
  };
}

export function argPairs(argsText: string): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (const token of argsText.split(/\s+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq < 0) out.push([token, undefined]);
    else out.push([token.slice(0, eq), unquote(token.slice(eq + 1))]);
  }
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

export function substituteArgs(value: string, args: Map<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced, fallback, bare) => {
    const name = braced ?? bare;
    const known = args.get(name);
    if (known !== undefined && known !== '') return known;
    if (fallback !== undefined) return fallback;
    return match;
  });
}

function makeStage(node: From, instr: Instr, stages: Stage[], globalArgs: Map<string, string | undefined>): Stage {
  const written = (node.getImage() ?? '').trim();
  const raw = substituteArgs(written, globalArgs);
  const { name, tag, digest } = splitImage(raw);
  const imageRange = node.getImageRange() ?? instr.range;
  const tagRange = written === raw ? node.getImageTagRange() ?? undefined : undefined;
  const stageName = node.getBuildStage() ?? undefined;
  const platformFlag = instr.flags.find((f) => f.name.toLowerCase() === 'platform');
  let parent = stages.find((s) => s.name !== undefined && s.name.toLowerCase() === raw.toLowerCase());
  if (!parent && raw.includes('$')) {
    // A stage name composed from a global ARG declared empty (`ARG copy=` … `FROM builder_src$copy`): Docker reads it as ''.
    const empty = substituteArgs(raw, new Map([...globalArgs].map(([k, v]) => [k, v === '' ? '\u0000' : v]))).replace(/\u0000/g, '');
    parent = stages.find((s) => s.name !== undefined && s.name.toLowerCase() === empty.toLowerCase());
  }
  const image: ImageRef = { raw, name, tag, digest, range: imageRange, tagRange, dynamic: raw.includes('$') };
  return {
    index: stages.length,
    name: stageName,
    nameRange: node.getBuildStageRange() ?? undefined,
    from: instr,
    image,
    platform: platformFlag?.value ?? undefined,
    parent,
    distro: parent ? parent.distro : distroOf(image),
    instructions: [],
    runs: [],
    installs: [],
    copies: [],
    vars: [],
    copiedBy: [],
    children: [],
  };
}

/** An image's repository as Docker Hub names it: lower case, without `docker.io/` (or its aliases) and `library/`. */
export function dockerHubRepository(name: string): string {
  return name.toLowerCase().replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

export function splitImage(raw: string): { name: string; tag?: string; digest?: string } {
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

const DEBIAN_IMAGES = /(^|\/)(debian|ubuntu|golang|node|python|rust|ruby|php|perl|openjdk|eclipse-temurin|amazoncorretto|maven|gradle|buildpack-deps|nginx|httpd|postgres|redis|mysql|mariadb|mongo|rabbitmq|r-base|rocker\/[a-z-]+|haskell|elixir|erlang|swift|gcc|julia|dart|clojure|tomcat|caddy|traefik|angie|docker\.angie\.software\/angie)$/;

export function distroOf(image: { name: string; tag?: string }): DistroFamily {
  const name = image.name.toLowerCase();
  const tag = (image.tag ?? '').toLowerCase();
  if (name === 'scratch') return 'scratch';
  if (name.includes('distroless') || name.startsWith('cgr.dev/chainguard/static')) return 'distroless';
  if (name.endsWith('alpine') || tag.includes('alpine') || name === 'busybox') return name === 'busybox' ? 'other' : 'alpine';
  if (/(^|\/)(debian|ubuntu)$/.test(name) || /(bookworm|bullseye|buster|trixie|jammy|noble|focal|slim)/.test(tag)) return 'debian';
  if (DEBIAN_IMAGES.test(name) && !/(windowsservercore|nanoserver)/.test(tag)) return 'debian';
  return 'other';
}

const RUN_COMMENT_LINE = /^[ \t]*#.*$/gm;

function parseRun(instr: Instr, stage: Stage, lines: LineIndex, escapeChar: string): RunInfo {
  const mounts = instr.flags
    .filter((f) => f.name.toLowerCase() === 'mount' && f.value)
    .map((f) => parseMount(f.value!));
  const run: RunInfo = { instr, stage, exec: false, commands: [], mounts };
  if (!instr.argsRange) return run;
  const start = lines.offsetAt(instr.argsRange.start);
  const end = lines.offsetAt(instr.argsRange.end);
  const source = lines.text.slice(start, end);
  if (source.trimStart().startsWith('[')) {
    run.exec = true;
    try {
      const argv = JSON.parse(source);
      if (Array.isArray(argv)) {
        run.commands.push({ words: argv.map((v) => ({ value: String(v), range: instr.argsRange! })), env: {}, range: instr.argsRange });
      }
    } catch {
      run.parseError = 'RUN uses a JSON array that is not valid JSON';
    }
    return run;
  }
  if (escapeChar !== '\\') return run;
  const heredoc = /^<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?[^\n]*\n/.exec(source);
  let script = source;
  let scriptOffset = start;
  if (heredoc) {
    // `RUN <<EOF` runs the heredoc body as a script; analyse the body.
    const body = source.slice(heredoc[0].length);
    const close = new RegExp(`^\\s*${heredoc[1]}\\s*$`, 'm').exec(body);
    script = close ? body.slice(0, close.index) : body;
    scriptOffset = start + heredoc[0].length;
  } else {
    // Dockerfile strips comment lines inside continuations before the shell sees them; blank them, keeping offsets.
    // A comment line inside a `\` continuation is dropped by Docker and the continuation goes on: keep it continuing.
    script = source.replace(RUN_COMMENT_LINE, (m) => (m.length ? ' '.repeat(m.length - 1) + '\\' : m));
  }
  const before = shellBudgetRemaining();
  const parsed = parseShell(script);
  if (before !== undefined) shellCharges.set(run, before - shellBudgetRemaining()!);
  if (parsed.error) run.parseError = parsed.error;
  if (parsed.limit) run.parseLimit = parsed.limit;
  const toRange = (s: number, e: number): Range => ({ start: lines.positionAt(scriptOffset + s), end: lines.positionAt(scriptOffset + e) });
  run.commands = parsed.commands.map((c) => ({
    words: c.argv.map((w) => ({ value: w.value, range: toRange(w.start, w.end) })),
    env: c.env,
    range: toRange(c.start, c.end),
  }));
  return run;
}

export function parseMount(value: string): Mount {
  const options: Record<string, string> = {};
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) options[part] = 'true';
    else options[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return { type: options.type ?? 'bind', target: options.target ?? options.dst ?? options.destination, options };
}

const APT_INSTALLERS = new Set(['apt-get', 'apt', 'xx-apt-get', 'xx-apt']);

function packageInstalls(run: RunInfo): PackageInstall[] {
  const out: PackageInstall[] = [];
  for (const command of run.commands) {
    const words = command.words;
    if (words.length < 2) continue;
    const program = words[0].value.split('/').pop()!;
    let manager: PackageManager | undefined;
    let sub = -1;
    const findSub = (names: string[]) => words.findIndex((w, i) => i > 0 && names.includes(w.value));
    // tonistiigi/xx wrappers install for the target platform with the same syntax.
    if (program === 'apk' || program === 'xx-apk') {
      manager = 'apk';
      sub = findSub(['add']);
    } else if (APT_INSTALLERS.has(program)) {
      manager = 'apt';
      sub = findSub(['install']);
    } else if (program === 'dnf' || program === 'yum' || program === 'microdnf') {
      manager = program === 'yum' ? 'yum' : 'dnf';
      sub = findSub(['install']);
    } else if (/^pip[0-9.]*$/.test(program) || (/^python[0-9.]*$/.test(program) && words[1]?.value === '-m' && /^pip/.test(words[2]?.value ?? ''))) {
      manager = 'pip';
      sub = findSub(['install']);
    } else if (program === 'npm') {
      manager = 'npm';
      sub = findSub(['install', 'i', 'ci', 'add']);
    }
    if (!manager || sub < 0) continue;
    const packages: WordRef[] = [];
    const options: string[] = [];
    for (let i = sub + 1; i < words.length; i++) {
      const value = words[i].value;
      if (value.startsWith('-')) options.push(value);
      else packages.push(words[i]);
    }
    for (let i = 1; i < sub; i++) if (words[i].value.startsWith('-')) options.push(words[i].value);
    out.push({ manager, run, command, subcommandIndex: sub, packages, options });
  }
  return out;
}

/** The stage chain from the given stage back to its external base image. */
export function stageLineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.push(s);
  return chain;
}

/** Last instruction with this keyword in the stage or, failing that, in the stages it derives from. */
export function effectiveInstruction(stage: Stage, keyword: string): Instr | undefined {
  for (const s of stageLineage(stage)) {
    for (let i = s.instructions.length - 1; i >= 0; i--) if (s.instructions[i].keyword === keyword) return s.instructions[i];
  }
  return undefined;
}

/** The user the stage runs as (`USER` value), or undefined when it is the base image's default. */
export function effectiveUser(stage: Stage): { user: string; instr: Instr } | undefined {
  const instr = effectiveInstruction(stage, 'USER');
  return instr ? { user: instr.argsText.trim(), instr } : undefined;
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

export function findStage(model: DockerfileModel, ref: string): Stage | undefined {
  if (/^\d+$/.test(ref)) return model.stages[Number(ref)];
  const lower = ref.toLowerCase();
  return model.stages.find((s) => s.name?.toLowerCase() === lower);
}
