import '../../dockerfile/astMemo';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { ValidationCode, validate } from 'dockerfile-utils';
import { syntaxValidationEnabled } from '../../config';
import { singleQuotedJsonFix } from '../../dockerfile/buildkit';
import type { DockerfileModel } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import type { Range, Severity } from '../../types';

/**
 * dockerfile-utils' validator, surfaced under stable codes: one DW0xx code per problem class, so the
 * codes stay put when dockerfile-utils renames or renumbers its own (its numbers are not API).
 * Duplicate stage names are left to DW115, which also offers a rename. What BuildKit's build checks report (a relative
 * WORKDIR, repeated CMD, instruction casing, empty continuation lines, MAINTAINER: once DW004/DW007/DW008) is left to
 * those rules (DW007, DW131, DW132, DW134, DW135), with BuildKit's semantics instead of dockerfile-utils'.
 */
interface SyntaxClass {
  code: string;
  title: string;
  description: string;
  members: ValidationCode[];
}

const V = ValidationCode;

export const SYNTAX_CLASSES: SyntaxClass[] = [
  {
    code: 'DW001',
    title: 'Unknown instruction',
    description: 'The line starts with a word that is not a Dockerfile instruction (typo, or a shell line missing its `RUN`). The build fails on it.',
    members: [V.UNKNOWN_INSTRUCTION],
  },
  {
    code: 'DW002',
    title: 'Wrong number of arguments',
    description: 'An instruction has missing, extra or unnecessary arguments (e.g. `COPY src` without a destination, `FROM` without an image).',
    members: [
      V.ARGUMENT_MISSING,
      V.ARGUMENT_EXTRA,
      V.ARGUMENT_REQUIRES_ONE,
      V.ARGUMENT_REQUIRES_AT_LEAST_ONE,
      V.ARGUMENT_REQUIRES_TWO,
      V.ARGUMENT_REQUIRES_AT_LEAST_TWO,
      V.ARGUMENT_REQUIRES_ONE_OR_THREE,
      V.ARGUMENT_UNNECESSARY,
      V.NO_SOURCE_IMAGE,
      V.SHELL_REQUIRES_ONE,
      V.HEALTHCHECK_CMD_ARGUMENT_MISSING,
      V.SYNTAX_MISSING_NAMES,
    ],
  },
  {
    code: 'DW003',
    title: 'Invalid instruction flag',
    description: 'An instruction has an unknown flag, a flag without a value, a duplicated flag, or a flag value of the wrong kind (durations such as `--interval=30s`, booleans such as `--link`).',
    members: [
      V.FLAG_AT_LEAST_ONE,
      V.FLAG_DUPLICATE,
      V.FLAG_INVALID_DURATION,
      V.FLAG_LESS_THAN_1MS,
      V.FLAG_MISSING_DURATION,
      V.FLAG_MISSING_VALUE,
      V.FLAG_UNKNOWN_UNIT,
      V.UNKNOWN_ADD_FLAG,
      V.UNKNOWN_COPY_FLAG,
      V.UNKNOWN_FROM_FLAG,
      V.UNKNOWN_HEALTHCHECK_FLAG,
      V.FLAG_INVALID_FROM_VALUE,
      V.FLAG_EXPECTED_BOOLEAN_VALUE,
    ],
  },
  {
    code: 'DW004',
    title: 'Invalid argument value',
    description: 'An argument has a value Docker rejects: a malformed image reference, port, protocol, signal, stage name or `AS` keyword, an empty base image variable.',
    members: [
      V.INVALID_AS,
      V.INVALID_BUILD_STAGE_NAME,
      V.INVALID_DESTINATION,
      V.INVALID_PORT,
      V.INVALID_PROTO,
      V.INVALID_REFERENCE_FORMAT,
      V.INVALID_SIGNAL,
      V.UNKNOWN_TYPE,
      V.UNSUPPORTED_MODIFIER,
      V.BASE_NAME_EMPTY,
    ],
  },
  {
    code: 'DW005',
    title: 'Syntax error',
    description: 'The arguments cannot be parsed: unbalanced quotes, `ENV`/`ARG`/`LABEL` without `=`, a JSON array written with single quotes, `SHELL` not in JSON form, or `ONBUILD` used with a trigger it cannot have.',
    members: [
      V.INVALID_SYNTAX,
      V.SYNTAX_MISSING_EQUALS,
      V.SYNTAX_MISSING_SINGLE_QUOTE,
      V.SYNTAX_MISSING_DOUBLE_QUOTE,
      V.JSON_IN_SINGLE_QUOTES,
      V.SHELL_JSON_FORM,
      V.ONBUILD_CHAINING_DISALLOWED,
      V.ONBUILD_TRIGGER_DISALLOWED,
    ],
  },
  {
    code: 'DW006',
    title: 'Parser directive problem',
    description: 'An `# escape=` directive has an invalid value or is repeated, or a directive is not written in lower case; Docker then ignores it or fails.',
    members: [V.INVALID_ESCAPE_DIRECTIVE, V.DUPLICATED_ESCAPE_DIRECTIVE, V.CASING_DIRECTIVE],
  },
];

/** dockerfile-utils codes deliberately not surfaced: BuildKit's build checks report them (DW007, DW131, DW132, DW134, DW135). */
export const LEFT_TO_BUILDKIT: ValidationCode[] = [V.MULTIPLE_INSTRUCTIONS, V.CASING_INSTRUCTION, V.EMPTY_CONTINUATION_LINE, V.DEPRECATED_MAINTAINER, V.WORKDIR_IS_NOT_ABSOLUTE];

const classOf = new Map<number, SyntaxClass>();
for (const c of SYNTAX_CLASSES) for (const m of c.members) classOf.set(m, c);

interface ValidationResult {
  code: string;
  range: Range;
  message: string;
  severity: Severity;
  /** JSON written with single quotes: Docker runs it as a shell command (warning), and the quotes can be fixed. */
  singleQuotedJson?: boolean;
}

const cache = new WeakMap<DockerfileModel, ValidationResult[]>();

const STAGE_NAME = /^[a-z][a-z0-9_\-.]*$/;
const STAGE_NAME_PREFIX = /^[a-z][a-z0-9_\-.]*/;
/** Above this many valid characters before an invalid one, dockerfile-utils' stage-name check backtracks for seconds. */
const MAX_SAFE_STAGE_NAME_PREFIX = 12;

/**
 * dockerfile-utils checks `FROM … AS name` with `/^[a-z]([a-z0-9_\-.]*)*$/`, which backtracks exponentially when a
 * long valid run is followed by an invalid character (`AS builder-for-the-web-app!`: 20 characters hang it). Such
 * names are reported here, and the text given to the validator gets a harmless name of the same length in their place.
 */
function defuseStageNames(model: DockerfileModel): { text: string; problems: ValidationResult[] } {
  let text = model.text;
  const problems: ValidationResult[] = [];
  for (const from of model.ast.getFROMs()) {
    const args = from.getArguments();
    if (args.length !== 3) continue;
    const name = args[2].getValue().toLowerCase();
    if (STAGE_NAME.test(name) || (STAGE_NAME_PREFIX.exec(name)?.[0].length ?? 0) <= MAX_SAFE_STAGE_NAME_PREFIX) continue;
    const range = args[2].getRange();
    const start = model.lines.offsetAt(range.start);
    const end = model.lines.offsetAt(range.end);
    // Same length, line breaks and escapes kept, so every other diagnostic keeps its position.
    const raw = text.slice(start, end);
    let harmless = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      const continuation = c === model.escapeChar && /^[ \t]*\r?\n/.test(raw.slice(i + 1));
      harmless += /[A-Za-z0-9_.\-\s]/.test(c) || continuation ? c : 'x';
    }
    text = text.slice(0, start) + harmless + text.slice(end);
    problems.push({ code: 'DW004', range, message: `invalid name for build stage: "${name}", name can't start with a number or contain symbols`, severity: 'error' });
  }
  return { text, problems };
}

/** dockerfile-utils diagnostics of a model, grouped under DW0xx codes. Never throws. */
export function syntaxProblems(model: DockerfileModel): ValidationResult[] {
  let results = cache.get(model);
  if (results) return results;
  results = [];
  try {
    const defused = defuseStageNames(model);
    results.push(...defused.problems);
    // A defused text differs from the model's, so only the unchanged one can reuse the model's parse.
    for (const d of defused.text === model.text ? validateModel(model) : validate(defused.text)) {
      const cls = typeof d.code === 'number' ? classOf.get(d.code) : undefined;
      if (!cls) continue;
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      // `EXPOSE 127.0.0.1:80:80` builds (the address and host port are ignored): BuildKit's ExposeInvalidFormat, DW143.
      if (d.code === V.INVALID_PORT && /containerPort: \S*:/.test(message)) continue;
      // A destination ending in an escaped escape character (`C:\\Windows\\System32\\` at the end of a line) is a
      // directory ending in a literal backslash, which BuildKit accepts; dockerfile-utils reads it as a line continuation.
      if (d.code === V.INVALID_DESTINATION && endsWithEscapedEscape(model, d.range)) continue;
      const singleQuotedJson = d.code === V.JSON_IN_SINGLE_QUOTES;
      const severity = d.severity === 1 && !singleQuotedJson ? 'error' : 'warning';
      results.push({ code: cls.code, range: d.range, message, severity, singleQuotedJson });
    }
  } catch {
    results = [];
  }
  cache.set(model, results);
  return results;
}

type ModelValidator = (model: DockerfileModel) => ReturnType<typeof validate>;
let validateModel: ModelValidator = validateParsed;

/**
 * Replaces how a model's text is validated (undefined: back to `validate()` of the whole text). The language server
 * installs an incremental validator (`lsp/incrementalValidate.ts`) whose results are identical to `validate()`.
 */
export function setModelValidator(fn: ModelValidator | undefined): void {
  validateModel = fn ?? validateParsed;
}

/** The parse dockerfile-utils is handed instead of parsing the same text again (see `withParse`). */
let handedText: string | undefined;
let handedAst: Dockerfile | undefined;
const parseText = DockerfileParser.parse;
// Installed once: a wrapper made per validation was a new closure on every keystroke, kept alive across scavenges.
DockerfileParser.parse = (content: string) => (handedAst !== undefined && content === handedText ? handedAst : parseText.call(DockerfileParser, content));

/**
 * Runs `fn` with `DockerfileParser.parse(text)` answering `ast` (which must be the parse of `text`): dockerfile-utils'
 * validate() parses the text again with dockerfile-ast, and the model already holds that parse (same parser).
 */
export function withParse<T>(text: string, ast: Dockerfile, fn: () => T): T {
  const previousText = handedText;
  const previousAst = handedAst;
  handedText = text;
  handedAst = ast;
  try {
    return fn();
  } finally {
    handedText = previousText;
    handedAst = previousAst;
  }
}

function validateParsed(model: DockerfileModel): ReturnType<typeof validate> {
  return withParse(model.text, model.ast, () => validate(model.text));
}

function syntaxRule(cls: SyntaxClass): DockerfileRule {
  const severity: Severity = 'error';
  return {
    code: cls.code,
    target: 'dockerfile',
    title: cls.title,
    defaultSeverity: severity,
    description: `${cls.description} Reported by dockerfile-utils; off when \`dockwright.dockerfile.syntaxValidation\` is \`off\`, or \`auto\` with a Docker extension installed that shows the same problems.`,
    fixTitles: cls.code === 'DW005' ? ['Use double quotes (JSON)'] : [],
    check({ file, model, analysis }): Report[] {
      if (!syntaxValidationEnabled(analysis.config)) return [];
      return syntaxProblems(model)
        .filter((p) => p.code === cls.code)
        .map((p) => {
          const fix = p.singleQuotedJson ? singleQuotedJsonFix(file, model, p.range) : undefined;
          return { range: p.range, message: p.message, severity: p.severity, fixes: fix ? [fix] : [] };
        });
    },
  };
}

export const syntaxRules: DockerfileRule[] = SYNTAX_CLASSES.map(syntaxRule);

/**
 * Whether the instruction holding a diagnostic has a line, up to the diagnostic, that ends with the escape character
 * written twice (an escaped escape: a literal backslash). BuildKit ends the instruction there; dockerfile-ast reads a
 * continuation and runs on into the next instruction, so its COPY destination check looks at the wrong word.
 */
function endsWithEscapedEscape(model: DockerfileModel, range: Range): boolean {
  const escape = model.escapeChar;
  const instr = model.ast.getInstructions().find((n) => n.getRange().start.line <= range.start.line && range.end.line <= n.getRange().end.line);
  if (!instr) return false;
  const lines = model.text.split(/\r?\n/);
  for (let l = instr.getRange().start.line; l <= range.end.line && l < lines.length; l++) {
    if (lines[l].trimEnd().endsWith(escape + escape)) return true;
  }
  return false;
}
