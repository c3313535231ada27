import type { LineIndex } from '../text';
import type { Fix, Range, TextEdit } from '../types';
import { fileFix } from './edits';
import { scopeValues, stageLineage, type DockerfileModel, type Instr, type Stage } from './model';

/**
 * BuildKit's Dockerfile build checks (moby/buildkit frontend/dockerfile/linter), computed once per parsed model
 * with BuildKit's semantics, and its `# check=` parser directive. Rules pick their checks out of the one result.
 */

export type BuildkitCheckName =
  | 'StageNameCasing'
  | 'FromAsCasing'
  | 'NoEmptyContinuation'
  | 'ConsistentInstructionCasing'
  | 'DuplicateStageName'
  | 'ReservedStageName'
  | 'JSONArgsRecommended'
  | 'MaintainerDeprecated'
  | 'UndefinedArgInFrom'
  | 'WorkdirRelativePath'
  | 'UndefinedVar'
  | 'MultipleInstructionsDisallowed'
  | 'LegacyKeyValueFormat'
  | 'InvalidBaseImagePlatform'
  | 'RedundantTargetPlatform'
  | 'SecretsUsedInArgOrEnv'
  | 'InvalidDefaultArgInFrom'
  | 'FromPlatformFlagConstDisallowed'
  | 'CopyIgnoredFile'
  | 'InvalidDefinitionDescription'
  | 'ExposeProtoCasing'
  | 'ExposeInvalidFormat';

/** Every BuildKit check and the Dockwright code it is reported under. Data: docs/rules/README.md shows it. */
export const BUILDKIT_CODES: Record<BuildkitCheckName, string> = {
  StageNameCasing: 'DW115',
  FromAsCasing: 'DW130',
  NoEmptyContinuation: 'DW131',
  ConsistentInstructionCasing: 'DW132',
  DuplicateStageName: 'DW115',
  ReservedStageName: 'DW133',
  JSONArgsRecommended: 'DW117',
  MaintainerDeprecated: 'DW134',
  UndefinedArgInFrom: 'DW118',
  WorkdirRelativePath: 'DW135',
  UndefinedVar: 'DW118',
  MultipleInstructionsDisallowed: 'DW007',
  LegacyKeyValueFormat: 'DW136',
  InvalidBaseImagePlatform: 'DW144',
  RedundantTargetPlatform: 'DW141',
  SecretsUsedInArgOrEnv: 'DW116',
  InvalidDefaultArgInFrom: 'DW137',
  FromPlatformFlagConstDisallowed: 'DW138',
  CopyIgnoredFile: 'DW139',
  InvalidDefinitionDescription: 'DW140',
  ExposeProtoCasing: 'DW142',
  ExposeInvalidFormat: 'DW143',
};

/** BuildKit checks that only run when enabled with `# check=experimental=<name>` (or `experimental=all`). */
export const EXPERIMENTAL_CHECKS = new Set<string>(['InvalidDefinitionDescription']);

export interface BuildkitFinding {
  name: BuildkitCheckName;
  range: Range;
  message: string;
  fixes?: Fix[];
}

/** `# check=skip=A,B;error=true;experimental=C` as BuildKit's ParseLintOptions reads it; undefined when invalid. */
export interface CheckOptions {
  skipAll: boolean;
  skip: Set<string>;
  error: boolean;
  experimentalAll: boolean;
  experimental: Set<string>;
}

export function parseCheckOptions(value: string): CheckOptions | undefined {
  const out: CheckOptions = { skipAll: false, skip: new Set(), error: false, experimentalAll: false, experimental: new Set() };
  const text = value.trim();
  if (!text) return out;
  // Go's strings.SplitN(s, ";", 3): the third part keeps any further semicolons.
  const parts: string[] = [];
  let rest = text;
  while (parts.length < 2 && rest.includes(';')) {
    const i = rest.indexOf(';');
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq < 0) return undefined;
    const key = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (key === 'skip' || key === 'experimental') {
      const all = key === 'skip' ? 'skipAll' : 'experimentalAll';
      const set = key === 'skip' ? out.skip : out.experimental;
      if (v === 'all') out[all] = true;
      else for (const r of v.split(',')) set.add(r.trim());
    } else if (key === 'error') {
      const b = parseGoBool(v);
      if (b === undefined) return undefined;
      out.error = b;
    } else return undefined;
  }
  return out;
}

function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

const DIRECTIVE_LINE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** A `check` directive in a comment text (without its `#`), as BuildKit reads it: the value up to the first space. */
function checkDirectiveIn(comment: string): CheckOptions | undefined | null {
  const m = DIRECTIVE_LINE.exec('#' + comment);
  if (!m || m[1].toLowerCase() !== 'check') return null;
  return parseCheckOptions(m[2].split(' ')[0]);
}

export interface BuildkitLayout {
  /** Options of the `# check=` directive at the top of the file (the default when there is none). */
  fileOptions: CheckOptions;
  /** Line of each top-of-file parser directive (they are not comments of the first instruction). */
  directiveLines: Set<number>;
  /** The comment lines (text after `#`, trimmed) BuildKit attaches to the instruction starting on a line. */
  prevComments: Map<number, string[]>;
}

const layoutCache = new WeakMap<DockerfileModel, BuildkitLayout>();

/** Directives and the comments before each instruction, read like BuildKit's parser (one pass over the lines). */
export function buildkitLayout(model: DockerfileModel): BuildkitLayout {
  const cached = layoutCache.get(model);
  if (cached) return cached;
  const count = model.lines.lineCount;
  const line = (i: number) => model.lines.lineText(i);
  const directiveLines = new Set<number>();
  let fileOptions: CheckOptions = parseCheckOptions('')!;
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const raw = i === 0 ? line(i).replace(/^\uFEFF/, '') : line(i);
    const m = DIRECTIVE_LINE.exec(raw.trim());
    if (!m) break;
    const name = m[1].toLowerCase();
    if (seen.has(name)) break;
    seen.add(name);
    directiveLines.add(i);
    if (name === 'check') fileOptions = parseCheckOptions(m[2]) ?? fileOptions;
  }
  const starts = new Map<number, number>();
  for (const node of model.ast.getInstructions()) {
    const r = node.getRange();
    starts.set(r.start.line, Math.max(r.end.line, starts.get(r.start.line) ?? 0));
  }
  const prevComments = new Map<number, string[]>();
  let comments: string[] = [];
  for (let i = 0; i < count; i++) {
    const end = starts.get(i);
    if (end !== undefined) {
      prevComments.set(i, comments);
      comments = [];
      i = Math.max(i, end);
      continue;
    }
    if (directiveLines.has(i)) continue;
    const t = line(i).trim();
    if (t.startsWith('#')) {
      const c = t.slice(1).trim();
      if (c === '') comments = [];
      else comments.push(c);
    } else if (t !== '') comments = [];
  }
  const layout = { fileOptions, directiveLines, prevComments };
  layoutCache.set(model, layout);
  return layout;
}

/** The options in force for an instruction: the file's, merged with the first `# check=` comment right above it. */
function optionsFor(layout: BuildkitLayout, line: number | undefined): CheckOptions {
  const comments = line === undefined ? undefined : layout.prevComments.get(line);
  if (!comments) return layout.fileOptions;
  for (const c of comments) {
    const local = checkDirectiveIn(c);
    if (local === null) continue;
    if (local === undefined) return layout.fileOptions;
    const f = layout.fileOptions;
    return {
      skipAll: f.skipAll || local.skipAll,
      skip: new Set([...f.skip, ...local.skip]),
      error: f.error,
      experimentalAll: f.experimentalAll || local.experimentalAll,
      experimental: new Set([...f.experimental, ...local.experimental]),
    };
  }
  return layout.fileOptions;
}

/** Start line of the instruction that contains a line (binary search over the model's instructions). */
function instructionLineAt(model: DockerfileModel, line: number): number | undefined {
  const all = model.ast.getInstructions();
  let lo = 0;
  let hi = all.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = all[mid].getRange();
    if (r.start.line <= line) {
      found = r.start.line;
      if (r.end.line >= line) return r.start.line;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What BuildKit does with a finding of `name` at `line`: drop it (skipped), or report it, as an error with `error=true`. */
export function buildkitDisposition(model: DockerfileModel, name: string, line: number, buildArgCheck?: string): 'skip' | 'warning' | 'error' {
  let layout = buildkitLayout(model);
  // The BUILDKIT_DOCKERFILE_CHECK build argument replaces the file's `# check=` directive (comments above instructions still apply).
  const override = buildArgCheck === undefined ? undefined : parseCheckOptions(buildArgCheck);
  if (override) layout = { ...layout, fileOptions: override };
  const options = optionsFor(layout, instructionLineAt(model, line));
  if (EXPERIMENTAL_CHECKS.has(name)) {
    if (!options.experimentalAll && !options.experimental.has(name)) return 'skip';
  } else if (options.skipAll || options.skip.has(name)) return 'skip';
  return options.error ? 'error' : 'warning';
}

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** BuildKit's suggest.Search: the closest option within distance 2 (or a case-insensitive match), or ''. */
export function suggestName(value: string, options: Iterable<string>, caseSensitive = true): string {
  let best = '';
  let bestDist = Infinity;
  const v = caseSensitive ? value : value.toLowerCase();
  for (const o of options) {
    const cand = caseSensitive ? o : o.toLowerCase();
    if (cand === v) continue;
    if (caseSensitive && o.toLowerCase() === value.toLowerCase()) return o;
    const d = levenshtein(v, cand);
    if (d < bestDist) {
      bestDist = d;
      best = o;
    }
  }
  const threshold = Math.max(1, Math.min(2, Math.floor(value.length / 3)));
  return bestDist <= threshold ? best : '';
}

/** Platform ARGs BuildKit defines for FROM lines (and for stages that re-declare them). */
export const PLATFORM_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETSTAGE'];

interface Expansion {
  result: string;
  matched: Set<string>;
  unmatched: Set<string>;
}

/** Word expansion as BuildKit's shell lexer does it for FROM lines: $V ${V} ${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?w}. */
export function expandWord(word: string, env: Map<string, string | undefined>, escape = '\\'): Expansion {
  const matched = new Set<string>();
  const unmatched = new Set<string>();
  const get = (name: string): string | undefined => {
    const v = env.get(name);
    if (v === undefined) {
      unmatched.add(name);
      return undefined;
    }
    matched.add(name);
    return v;
  };
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === escape && i + 1 < word.length) {
      out += word[++i];
      continue;
    }
    if (c === "'" ) {
      const end = word.indexOf("'", i + 1);
      if (end > i) {
        out += word.slice(i + 1, end);
        i = end;
        continue;
      }
    }
    if (c === '"') continue;
    if (c !== '$') {
      out += c;
      continue;
    }
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}/.exec(word.slice(i));
    if (braced) {
      const [whole, name, op, arg] = braced;
      const v = get(name);
      if (!op) out += v ?? '';
      else if (op === '-') out += v === undefined ? expandWord(arg, env, escape).result : v;
      else if (op === ':-') out += v === undefined || v === '' ? expandWord(arg, env, escape).result : v;
      else if (op === '+') out += v !== undefined ? expandWord(arg, env, escape).result : '';
      else if (op === ':+') out += v !== undefined && v !== '' ? expandWord(arg, env, escape).result : '';
      else out += v ?? '';
      i += whole.length - 1;
      continue;
    }
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(word.slice(i));
    if (bare) {
      out += get(bare[1]) ?? '';
      i += bare[0].length - 1;
      continue;
    }
    out += c;
  }
  return { result: out, matched, unmatched };
}

/** Global ARG defaults as BuildKit computes them without build arguments (unset ARGs stay unset). */
function globalArgEnv(model: DockerfileModel): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const decl of model.globalVars) {
    if (decl.value === undefined) continue;
    const raw = (decl.instr.node as any).getProperties?.().find((p: any) => p.getName() === decl.name)?.getValue?.();
    env.set(decl.name, raw === undefined || raw === null ? decl.value : expandWord(raw, withDefined(env), model.escapeChar).result);
  }
  return withDefined(env);
}

function withDefined(env: Map<string, string | undefined>): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [k, v] of env) if (v !== undefined) out.set(k, v);
  return out;
}

/** distribution/reference ParseNormalizedNamed, enough to tell an empty or malformed base image name. */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN = '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

export function isValidImageReference(ref: string): boolean {
  if (!ref || ref.length > 255 + 140) return false;
  if (/^[a-f0-9]{64}$/.test(ref)) return false;
  return REFERENCE.test(ref);
}

function rangeOfLine(model: DockerfileModel, line: number): Range {
  const text = line < model.lines.lineCount ? model.lines.lineText(line) : '';
  return { start: { line, character: 0 }, end: { line, character: text.length } };
}

function keywordRange(instr: Instr): Range {
  return instr.node.getInstructionRange();
}

/** Whether a SHELL instruction is in force at `instr` (in its stage before it, or in a stage it derives from). */
export function explicitShellAt(stage: Stage, instr: Instr): boolean {
  for (const s of stageLineage(stage)) {
    for (const i of s.instructions) {
      if (s === stage && i.range.start.line >= instr.range.start.line) break;
      if (i.keyword === 'SHELL') return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks

export interface BuildkitInput {
  file: string;
  model: DockerfileModel;
  /** Text of the `.dockerignore` that applies to this Dockerfile's build context, if any. */
  dockerignore?: string;
}

/**
 * The checks whose findings in a stage depend only on that stage, the stages it is built FROM and the global ARGs (what
 * a `StageRule` may read): their rules are stage-scoped and call `buildkitStageFindings`. The others (casing against
 * the file's majority, MAINTAINER and empty continuations before the first FROM too, descriptions in the comments
 * above a FROM, `.dockerignore`) come from `buildkitFileFindings`.
 */
export const STAGE_LOCAL_CHECKS: ReadonlySet<BuildkitCheckName> = new Set<BuildkitCheckName>([
  'FromAsCasing',
  'ReservedStageName',
  'InvalidDefaultArgInFrom',
  'RedundantTargetPlatform',
  'FromPlatformFlagConstDisallowed',
  'InvalidBaseImagePlatform',
  'MultipleInstructionsDisallowed',
  'LegacyKeyValueFormat',
  'WorkdirRelativePath',
  'ExposeProtoCasing',
  'ExposeInvalidFormat',
]);

const fileCache = new WeakMap<DockerfileModel, { key: string; findings: BuildkitFinding[] }>();

/** Findings of the checks not in STAGE_LOCAL_CHECKS (before `# check=` directives are applied). Cached per model. */
export function buildkitFileFindings(input: BuildkitInput): BuildkitFinding[] {
  const key = `${input.file}\0${input.dockerignore ?? ''}`;
  const cached = fileCache.get(input.model);
  if (cached && cached.key === key) return cached.findings;
  const findings = collect((add) => {
    checkCasing(input, add);
    checkDefinitionDescriptions(input.model, add);
    checkCopyIgnored(input, add);
  });
  fileCache.set(input.model, { key, findings });
  return findings;
}

const stageCache = new WeakMap<Stage, { file: string; findings: BuildkitFinding[] }>();

/** Findings of the STAGE_LOCAL_CHECKS in one stage (before `# check=` directives are applied). Cached per stage. */
export function buildkitStageFindings(input: BuildkitInput, stage: Stage): BuildkitFinding[] {
  const cached = stageCache.get(stage);
  if (cached && cached.file === input.file) return cached.findings;
  const findings = collect((add) => {
    checkStage(input, stage, add);
    checkInstructions(input, stage, add);
  });
  stageCache.set(stage, { file: input.file, findings });
  return findings;
}

function collect(run: (add: Add) => void): BuildkitFinding[] {
  const findings: BuildkitFinding[] = [];
  try {
    run((name, range, message, fixes) => findings.push({ name, range, message, fixes }));
  } catch {
    // A check that fails on odd input reports nothing rather than everything failing.
  }
  return findings;
}

type Add = (name: BuildkitCheckName, range: Range, message: string, fixes?: Fix[]) => void;

function allStageInstructions(model: DockerfileModel): Instr[] {
  const out: Instr[] = [];
  for (const s of model.stages) out.push(s.from, ...s.instructions);
  return out;
}

function checkCasing({ file, model }: BuildkitInput, add: Add): void {
  // ConsistentInstructionCasing: stage instructions only (global ARGs before the first FROM are not counted).
  const instrs = allStageInstructions(model);
  let lower = 0;
  let upper = 0;
  for (const i of instrs) {
    const w = i.node.getInstruction();
    if (w === w.toLowerCase()) lower++;
    else if (w === w.toUpperCase()) upper++;
  }
  const majorityLower = lower > upper;
  for (const i of instrs) {
    const w = i.node.getInstruction();
    const want = majorityLower ? w.toLowerCase() : w.toUpperCase();
    if (w === want) continue;
    const casing = majorityLower ? 'lowercase' : 'uppercase';
    add('ConsistentInstructionCasing', i.range, `Command '${w}' should match the case of the command majority (${casing})`, [
      fileFix(file, `Write ${want} (the file's majority casing)`, [{ range: keywordRange(i), newText: want }], true),
    ]);
  }
  // MaintainerDeprecated, with every MAINTAINER (before FROM too: BuildKit parses each instruction).
  for (const node of model.ast.getInstructions()) {
    if (node.getKeyword().toUpperCase() !== 'MAINTAINER') continue;
    const value = (node.getRawArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ').trim();
    const label = majorityLower ? 'label' : 'LABEL';
    const argsRange = node.getArgumentsRange();
    const fixes = argsRange && value
      ? [fileFix(file, 'Replace MAINTAINER with LABEL org.opencontainers.image.authors', [
          { range: node.getInstructionRange(), newText: label },
          { range: argsRange, newText: `org.opencontainers.image.authors=${JSON.stringify(value)}` },
        ], true)]
      : [];
    add('MaintainerDeprecated', node.getRange(), 'Maintainer instruction is deprecated in favor of using label', fixes);
  }
  // NoEmptyContinuation: an empty line inside a continued instruction; BuildKit reports the instruction's last line.
  const lines = model.lines;
  for (const node of model.ast.getInstructions()) {
    const r = node.getRange();
    if (r.end.line === r.start.line || (node.getRawArgumentsContent() ?? '').includes('<<')) continue;
    for (let l = r.start.line + 1; l <= r.end.line; l++) {
      if (l < lines.lineCount && lines.lineText(l).trim() === '' && continuedBefore(lines, l, model.escapeChar)) {
        add('NoEmptyContinuation', rangeOfLine(model, r.end.line), 'Empty continuation line');
        break;
      }
    }
  }
}

/** Whether the last non-empty, non-comment line before `l` ends with the escape character. */
function continuedBefore(lines: LineIndex, l: number, escape: string): boolean {
  for (let k = l - 1; k >= 0; k--) {
    const t = lines.lineText(k).trimEnd();
    if (t.trim() === '' || t.trim().startsWith('#')) continue;
    return endsWithContinuation(t, escape);
  }
  return false;
}

/**
 * Whether a line continues on the next one, as BuildKit reads it: it ends with the escape character, and that
 * character is not itself escaped. `C:\\Windows\\System32\\` (mongo's Windows COPY list) ends with an escaped backslash
 * (a literal `\`), so the instruction ends there (checked with dockerd 26 / BuildKit: the next ENV is its own instruction).
 */
export function endsWithContinuation(line: string, escape: string): boolean {
  const t = line.trimEnd();
  return t.endsWith(escape) && !t.endsWith(escape + escape);
}

const RESERVED_STAGE_NAMES = new Set(['context', 'scratch']);

function checkStage({ file, model }: BuildkitInput, stage: Stage, add: Add): void {
  const globals = globalArgEnv(model);
  const platformEnv = new Map(globals);
  for (const p of PLATFORM_ARGS) if (!platformEnv.has(p)) platformEnv.set(p, p === 'TARGETPLATFORM' || p === 'BUILDPLATFORM' ? 'linux/amd64' : p.endsWith('OS') ? 'linux' : p.endsWith('ARCH') ? 'amd64' : '');
  const from = stage.from;
  const args = from.node.getArguments().filter((a) => !a.getValue().startsWith('--'));
  const keyword = from.node.getInstruction();
  // FromAsCasing: `as` spelt in the other case than a self-consistent FROM keyword.
  if (args.length === 3 && args[1].getValue().toLowerCase() === 'as') {
    const as = args[1].getValue();
    const fromLower = keyword === keyword.toLowerCase();
    const fromUpper = keyword === keyword.toUpperCase();
    if ((fromLower && as !== as.toLowerCase()) || (fromUpper && !fromLower && as !== as.toUpperCase())) {
      const want = fromLower ? 'as' : 'AS';
      add('FromAsCasing', from.range, `'${as}' and '${keyword}' keywords' casing do not match`, [
        fileFix(file, `Write '${want}' to match '${keyword}'`, [{ range: args[1].getRange(), newText: want }], true),
      ]);
    }
  }
  const name = stage.name?.toLowerCase();
  if (name && RESERVED_STAGE_NAMES.has(name)) add('ReservedStageName', from.range, `Stage name should not use the same name as reserved stage "${name}"`);
  // InvalidDefaultArgInFrom / platform checks (UndefinedArgInFrom is DW118's, with the variable's own range).
  const baseWord = args[0]?.getValue() ?? '';
  const base = expandWord(baseWord, globals, model.escapeChar);
  if (baseWord.includes('$') && !isValidImageReference(base.result)) add('InvalidDefaultArgInFrom', from.range, `Default value for ARG ${baseWord} results in empty or invalid base image name`);
  const platformFlag = from.flags.find((f) => f.name.toLowerCase() === 'platform');
  if (platformFlag && platformFlag.value !== null) {
    const pm = expandWord(platformFlag.value, platformEnv, model.escapeChar);
    if (pm.matched.size === 1 && pm.unmatched.size === 0 && pm.matched.has('TARGETPLATFORM') && pm.result === platformEnv.get('TARGETPLATFORM')) {
      add('RedundantTargetPlatform', from.range, `Setting platform to predefined ${platformFlag.value} in FROM is redundant as this is the default behavior`, [
        fileFix(file, 'Remove the redundant --platform flag', [{ range: { start: platformFlag.range.start, end: nextWordStart(model, platformFlag.range.end) }, newText: '' }], true),
      ]);
    }
    const constant = parseConstPlatform(platformFlag.value);
    if (constant && pm.matched.size === 0 && pm.unmatched.size === 0) {
      const stageName = stage.name ?? '';
      if (!stageName.includes(constant.os) && !(constant.arch && stageName.includes(constant.arch)) && constant.arch) {
        add('FromPlatformFlagConstDisallowed', from.range, `FROM --platform flag should not use constant value "${platformFlag.value}"`);
      }
      const imagePlatform = staticImagePlatform(stage.image.raw);
      if (imagePlatform && !stage.parent && (imagePlatform.os !== constant.os || (constant.arch && imagePlatform.arch !== normalizeArch(constant.arch)))) {
        add('InvalidBaseImagePlatform', from.range, `Base image ${stage.image.raw} is published for platform "${imagePlatform.os}/${imagePlatform.arch}", expected "${platformFlag.value}" for this stage`);
      }
    }
  }
  // DuplicateStageName and StageNameCasing are reported by DW115 (with its rename fixes).
}

function nextWordStart(model: DockerfileModel, pos: { line: number; character: number }): { line: number; character: number } {
  let offset = model.lines.offsetAt(pos);
  while (offset < model.text.length && (model.text[offset] === ' ' || model.text[offset] === '\t')) offset++;
  return model.lines.positionAt(offset);
}

function normalizeArch(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'x86_64' || a === 'x86-64') return 'amd64';
  if (a === 'aarch64') return 'arm64';
  return a;
}

function parseConstPlatform(value: string): { os: string; arch: string } | undefined {
  if (value.includes('$')) return undefined;
  const parts = value.split('/');
  if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) return undefined;
  if (parts.length === 1) return undefined;
  return { os: parts[0].toLowerCase(), arch: parts[1] };
}

/** Docker Hub's per-architecture namespaces publish one platform each: known without asking a registry. */
const ARCH_NAMESPACES: Record<string, { os: string; arch: string }> = {
  amd64: { os: 'linux', arch: 'amd64' },
  arm64v8: { os: 'linux', arch: 'arm64' },
  arm32v7: { os: 'linux', arch: 'arm' },
  arm32v6: { os: 'linux', arch: 'arm' },
  arm32v5: { os: 'linux', arch: 'arm' },
  i386: { os: 'linux', arch: '386' },
  ppc64le: { os: 'linux', arch: 'ppc64le' },
  s390x: { os: 'linux', arch: 's390x' },
  riscv64: { os: 'linux', arch: 'riscv64' },
  mips64le: { os: 'linux', arch: 'mips64le' },
  winamd64: { os: 'windows', arch: 'amd64' },
};

export function staticImagePlatform(image: string): { os: string; arch: string } | undefined {
  const name = image.replace(/^docker\.io\//, '').replace(/^index\.docker\.io\//, '');
  const ns = name.split('/');
  if (ns.length === 2 && ARCH_NAMESPACES[ns[0]]) return ARCH_NAMESPACES[ns[0]];
  if (/^mcr\.microsoft\.com\/windows(\/|$)/.test(name)) return { os: 'windows', arch: 'amd64' };
  return undefined;
}

function definitionDescription(layout: BuildkitLayout, instr: Instr, keyword: string, keys: string[], add: Add): void {
  const comments = layout.prevComments.get(instr.range.start.line);
  if (!comments?.length || !keys.length) return;
  const first = comments[comments.length - 1].split(' ')[0];
  if (keys.includes(first)) return;
  const example = keys.length > 1 ? '<arg_key>' : keys[0];
  add('InvalidDefinitionDescription', instr.range, `Comment for ${keyword} should follow the format: \`# ${example} <description>\``);
}

const SECRET_DENY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const SECRET_ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** BuildKit's SecretsUsedInArgOrEnv test on a variable name. */
export function buildkitSecretName(name: string): boolean {
  return SECRET_DENY.test(name) && !SECRET_ALLOW.test(name);
}

/**
 * InvalidDefinitionDescription (experimental): the comment right above `FROM … AS name` or `ARG name` should start with
 * the name. The comments above a FROM are in the stage before it, so this is a file-level check.
 */
function checkDefinitionDescriptions(model: DockerfileModel, add: Add): void {
  const layout = buildkitLayout(model);
  for (const stage of model.stages) if (stage.name) definitionDescription(layout, stage.from, 'FROM', [stage.name], add);
  for (const instr of model.preamble) {
    if (instr.keyword === 'ARG') definitionDescription(layout, instr, 'ARG', argKeys(instr), add);
  }
  for (const stage of model.stages) {
    for (const instr of stage.instructions) if (instr.keyword === 'ARG') definitionDescription(layout, instr, 'ARG', argKeys(instr), add);
  }
}

function checkInstructions({ file, model }: BuildkitInput, stage: Stage, add: Add): void {
  const last: Record<string, Instr | undefined> = {};
  let workdirSet = stageLineage(stage).some((s) => s !== stage && s.instructions.some((i) => i.keyword === 'WORKDIR'));
  for (const instr of stage.instructions) {
    const k = instr.keyword;
    if (k === 'CMD' || k === 'ENTRYPOINT' || k === 'HEALTHCHECK') {
      const prev = last[k];
      if (prev) add('MultipleInstructionsDisallowed', prev.range, `Multiple ${k} instructions should not be used in the same stage because only the last one will be used`);
      last[k] = instr;
    }
    if (k === 'ENV' || k === 'LABEL') legacyKeyValue(file, model, instr, add);
    if (k === 'WORKDIR') {
      const path = expandWord(instr.argsText.trim(), scopeValues(stage, model.globalArgs, instr), model.escapeChar).result;
      if (!workdirSet && path && !isAbsolutePath(path, model.escapeChar !== '\\')) {
        add('WorkdirRelativePath', instr.range, `Relative workdir ${JSON.stringify(instr.argsText.trim())} can have unexpected results if the base image changes`);
      }
      workdirSet = true;
    }
    if (k === 'EXPOSE') exposeChecks(model, stage, instr, add);
  }
}

function argKeys(instr: Instr): string[] {
  const props: any[] = (instr.node as any).getProperties?.() ?? [];
  return props.map((p) => p.getName()).filter(Boolean);
}

function isAbsolutePath(path: string, windows: boolean): boolean {
  if (path.startsWith('/')) return true;
  if (windows || /^[A-Za-z]:[\\/]/.test(path)) return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\');
  return false;
}

function legacyKeyValue(file: string, model: DockerfileModel, instr: Instr, add: Add): void {
  const text = instr.argsText.trim();
  if (!text || !instr.argsRange) return;
  const first = /^\S+/.exec(text)![0];
  if (first.includes('=')) return;
  const fixes: Fix[] = [];
  // `ENV key value with spaces` is one pair; the fix writes `key="value with spaces"` when that is unambiguous.
  const m = /^(\S+)[ \t]+([\s\S]*)$/.exec(text.replace(new RegExp(`${model.escapeChar === '\\' ? '\\\\' : '`'}\\r?\\n`, 'g'), ' '));
  if (m && m[2].trim() && !/["'\\`]/.test(m[2])) {
    const value = m[2].trim().replace(/\s+/g, ' ');
    const newText = `${m[1]}=${/\s/.test(value) ? `"${value}"` : value}`;
    fixes.push(fileFix(file, `Write ${instr.keyword} ${newText}`, [{ range: instr.argsRange, newText }], true));
  }
  add('LegacyKeyValueFormat', instr.range, `"${instr.keyword} key=value" should be used instead of legacy "${instr.keyword} key value" format`, fixes);
}

function exposeChecks(model: DockerfileModel, stage: Stage, instr: Instr, add: Add): void {
  const env = scopeValues(stage, model.globalArgs, instr);
  for (const a of instr.node.getArguments()) {
    const raw = expandWord(a.getValue(), env, model.escapeChar).result;
    if (!raw) continue;
    const slash = raw.lastIndexOf('/');
    const proto = slash >= 0 ? raw.slice(slash + 1) : '';
    if (proto && proto !== proto.toLowerCase()) add('ExposeProtoCasing', instr.range, `Defined protocol '${raw}' in EXPOSE instruction should be lowercase`);
    const port = slash >= 0 ? raw.slice(0, slash) : raw;
    if (port.includes(':')) add('ExposeInvalidFormat', instr.range, `EXPOSE instruction should not define an IP address or host-port mapping, found '${raw}'`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CopyIgnoredFile: moby/patternmatcher semantics for .dockerignore

interface IgnorePattern {
  regex: RegExp;
  exclusion: boolean;
  text: string;
}

const ignoreCache = new Map<string, IgnorePattern[]>();

export function parseDockerignore(text: string): IgnorePattern[] {
  const hit = ignoreCache.get(text);
  if (hit) return hit;
  const out: IgnorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
    }
    line = cleanPath(line);
    if (!line) continue;
    out.push({ regex: patternRegex(line), exclusion, text: line });
  }
  if (ignoreCache.size > 64) ignoreCache.clear();
  ignoreCache.set(text, out);
  return out;
}

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || (p.startsWith('/') ? '/' : '.');
}

function patternRegex(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i];
    else re += c.replace(/[.+^${}()|\]\\/]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** patternmatcher's MatchesOrParentMatches without exclusions (BuildKit skips the check when there are any). */
export function ignoredByDockerignore(patterns: IgnorePattern[], path: string): boolean {
  const parts = path.split('/');
  for (const p of patterns) {
    if (p.exclusion) continue;
    for (let n = parts.length; n >= 1; n--) {
      if (p.regex.test(parts.slice(0, n).join('/'))) return true;
    }
  }
  return false;
}

function checkCopyIgnored({ model, dockerignore }: BuildkitInput, add: Add): void {
  if (dockerignore === undefined) return;
  const patterns = parseDockerignore(dockerignore);
  if (!patterns.length || patterns.some((p) => p.exclusion)) return;
  const rootIgnored = patterns.some((p) => ['*', '**', '**/*'].includes(p.text));
  for (const stage of model.stages) {
    for (const copy of stage.copies) {
      if (copy.from !== undefined || copy.heredoc) continue;
      const cmd = copy.keyword === 'ADD' ? 'Add' : 'Copy';
      for (const src of copy.sources) {
        const v = src.value;
        if (v.includes('$') || /^[a-z]+:\/\//i.test(v) || /^git@/.test(v)) continue;
        const clean = cleanPath(v);
        if ((clean === '.' || clean === '/') && !rootIgnored) continue;
        const rel = clean === '/' ? '.' : clean;
        if (rel === '.' ? rootIgnored : ignoredByDockerignore(patterns, rel)) add('CopyIgnoredFile', copy.instr.range, `Attempting to ${cmd} file "${clean}" that is excluded by .dockerignore`);
      }
    }
  }
}

/** Edits that rewrite JSON arguments written with single quotes (`CMD ['a', 'b']`) into JSON (`CMD ["a", "b"]`). */
export function singleQuotedJsonFix(file: string, model: DockerfileModel, range: Range): Fix | undefined {
  const start = model.lines.offsetAt(range.start);
  const end = model.lines.offsetAt(range.end);
  const text = model.text.slice(start, end);
  const m = /^\s*\[([\s\S]*)\]\s*$/.exec(text);
  if (!m) return undefined;
  const items: string[] = [];
  const re = /\s*'((?:[^'\\]|\\.)*)'\s*(,|$)/y;
  let pos = 0;
  const body = m[1];
  while (pos < body.length) {
    re.lastIndex = pos;
    const it = re.exec(body);
    if (!it) return undefined;
    items.push(it[1].replace(/\\'/g, "'"));
    pos = re.lastIndex;
    if (!it[2]) break;
  }
  if (pos < body.trim().length) return undefined;
  const edit: TextEdit = { range, newText: '[' + items.map((s) => JSON.stringify(s)).join(', ') + ']' };
  return fileFix(file, 'Use double quotes (JSON)', [edit], true);
}
