import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { ValidationCode } from 'dockerfile-utils';
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../core/dockerfile/model';
import { withParse } from '../core/rules/dockerfile/dw0xx-syntax-validation';

/**
 * dockerfile-utils' `validate()` with per-instruction results reused across calls (the language server re-checks the
 * same file on every keystroke, and an edit changes one instruction).
 *
 * What `Validator.validate()` does (dockerfile-utils/lib/dockerValidator.js), and what is reused:
 * - whole-file, cross-instruction checks, run every time (cheap: they look at a few instructions or comments):
 *   the parser directives, "no source image" (first non-ARG instruction not a FROM, no instructions), repeated
 *   CMD/ENTRYPOINT/HEALTHCHECK per stage, duplicate stage names, and the `# dockerfile-utils: ignore` filter;
 * - `validateInstruction(instruction)` and `checkVariables(instruction)`, for every instruction and ONBUILD trigger:
 *   the bulk of the cost. Their result depends on the instruction's own lines (the document is only read inside the
 *   instruction's range and its heredocs), on the escape character and on whether it is a trigger — and, through
 *   `Variable.isDefined()`/`isBuildVariable()` and `getExpandedArguments()`, on the ARG/ENV definitions before it.
 *   So the result of an instruction is cached under the text of its *span* (its first line up to the next
 *   instruction's first line, which holds its continuation lines, comments and heredocs), the escape character and
 *   the trigger flag, with line numbers relative to the span; spans containing `$` (variables, whose meaning depends
 *   on other instructions) are always validated afresh by `validateInstruction`. `checkVariables` reports nothing without
 *   a `$`; with one, what it reports (unsupported variable modifiers) comes from the instruction's own text and escape
 *   character only, so it is cached under the span's text too (profile: 9 % of the LSP check of a 1,000-line file,
 *   each `getVariables()` resolving every variable against every FROM). The one
 *   diagnostic whose position depends on text outside its instruction (EXPOSE's invalid one-letter protocol) is never
 *   cached.
 *
 * `test/unit/incrementalValidate.test.ts` applies random edits to every corpus Dockerfile and asserts the result is
 * deep-equal to `validate()` after each one.
 */

type Diagnostic = ReturnType<Validator['validate']>[number];
type Settings = ConstructorParameters<typeof Validator>[0];

/** The two private per-instruction steps of `Validator.validate()` (dockerfile-utils 0.x), wrapped below. */
interface ValidatorInternals {
  validateInstruction(document: TextDocument, escapeChar: string, instruction: Instruction, keyword: string, isTrigger: boolean, problems: Diagnostic[]): void;
  checkVariables(instruction: Instruction, problems: Diagnostic[]): void;
}

/** Diagnostics of one span, with lines relative to the span's first line. */
type Relative = Diagnostic[];

/** Two generations of cached spans: a bounded cache that keeps what the last validations used. */
export class SpanCache {
  private current = new Map<string, Relative>();
  private previous = new Map<string, Relative>();
  /**
   * The diagnostics of a parsed instruction node, per step ('I': validateInstruction, 'V': checkVariables), with absolute
   * positions. A node is only ever validated again when the model re-parsed by splicing (`core/dockerfile/reparse.ts`)
   * kept it: then its lines, their numbers and every FROM/ARG/ENV instruction are unchanged, so both steps give the same
   * result, variables included (which the span cache cannot reuse).
   */
  readonly nodes = new WeakMap<Instruction, { I?: Diagnostic[]; V?: Diagnostic[] }>();
  hits = 0;
  misses = 0;
  nodeHits = 0;
  constructor(private readonly limit = 20_000) {}

  get(key: string): Relative | undefined {
    const hit = this.current.get(key);
    if (hit) return hit;
    const old = this.previous.get(key);
    if (old) this.set(key, old);
    return old;
  }

  set(key: string, value: Relative): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

function shift(d: Diagnostic, delta: number): Diagnostic {
  if (delta === 0) return clone(d);
  // dockerfile-utils' diagnostics carry the line of their instruction (for its `# dockerfile-utils: ignore` filter).
  const line = (d as { instructionLine?: number | null }).instructionLine;
  const shifted = {
    ...d,
    instructionLine: line === null || line === undefined ? line : line + delta,
    range: {
      start: { line: d.range.start.line + delta, character: d.range.start.character },
      end: { line: d.range.end.line + delta, character: d.range.end.character },
    },
  };
  return shifted as Diagnostic;
}

function clone(d: Diagnostic): Diagnostic {
  return { ...d, range: { start: { ...d.range.start }, end: { ...d.range.end } } };
}

/** Spans (first line → first line of the next instruction, exclusive) of the top-level instructions. */
function spansOf(instructions: Instruction[], lineCount: number): { starts: number[]; ends: number[] } {
  const starts = instructions.map((i) => i.getRange().start.line);
  const ends = starts.map((_, i) => (i + 1 < starts.length ? starts[i + 1] : lineCount));
  return { starts, ends };
}

/** Index of the span holding `line` (binary search over the sorted span starts). */
function spanIndex(starts: number[], line: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Same result as dockerfile-utils' `validate(text, settings)` (deep-equal), reusing the per-instruction results in
 * `cache`. `parsed`, when given, must be `DockerfileParser.parse(text)` (the model's parse: not parsed again).
 */
export function validateIncremental(text: string, cache: SpanCache, parsed?: Dockerfile, settings?: Settings): Diagnostic[] {
  const document = TextDocument.create('', '', 0, text);
  const validator = new Validator(settings);
  const internals = validator as unknown as ValidatorInternals;
  const dockerfile = parsed ?? DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const instructions = dockerfile.getInstructions();
  const { starts, ends } = spansOf(instructions, document.lineCount);
  const lineOffset = (line: number) => (line >= document.lineCount ? text.length : document.offsetAt({ line, character: 0 }));
  const texts: (string | undefined)[] = [];
  const spanText = (i: number) => (texts[i] ??= text.slice(lineOffset(starts[i]), lineOffset(ends[i])));

  const original = internals.validateInstruction;
  const checkVariables = internals.checkVariables;
  /** The diagnostics of `compute` for the instruction starting at `first`, from `cache` under `tag` + its span's text. */
  const reuse = (tag: string, first: number, problems: Diagnostic[], compute: (own: Diagnostic[]) => void) => {
    const span = spanIndex(starts, first);
    const base = starts[span];
    const key = `${tag}${escapeChar}${spanText(span)}`;
    const hit = cache.get(key);
    if (hit) {
      cache.hits++;
      for (const d of hit) problems.push(shift(d, base));
      return;
    }
    cache.misses++;
    const own: Diagnostic[] = [];
    compute(own);
    // EXPOSE's "invalid protocol" diagnostic for a one-letter protocol ends at an offset computed from the instruction's
    // offset in the whole document (`rangeStart + start + 1`): it depends on text outside the span, so it is not kept.
    if (!own.some((d) => d.code === ValidationCode.INVALID_PROTO)) cache.set(key, own.map((d) => shift(d, -base)));
    problems.push(...own);
  };

  /** `step`'s diagnostics of a top-level node from `cache.nodes`, else computed by `compute` and kept there. */
  const byNode = (step: 'I' | 'V', instruction: Instruction, problems: Diagnostic[], compute: () => void) => {
    const known = cache.nodes.get(instruction);
    const hit = known?.[step];
    if (hit) {
      cache.nodeHits++;
      for (const d of hit) problems.push(clone(d));
      return;
    }
    const from = problems.length;
    compute();
    const own = problems.slice(from);
    // Not kept: EXPOSE's one-letter invalid protocol (its end depends on the instruction's offset in the whole text).
    if (own.some((d) => d.code === ValidationCode.INVALID_PROTO)) return;
    const entry = known ?? {};
    entry[step] = own.map(clone);
    if (!known) cache.nodes.set(instruction, entry);
  };

  internals.validateInstruction = function (doc, esc, instruction, keyword, isTrigger, problems) {
    const validateAfresh = () => {
      const first = instruction.getRange().start.line;
      if (!starts.length || esc !== escapeChar || spanText(spanIndex(starts, first)).includes('$')) {
        original.call(this, doc, esc, instruction, keyword, isTrigger, problems);
        return;
      }
      reuse(isTrigger ? 'T' : 'I', first, problems, (own) => original.call(this, doc, esc, instruction, keyword, isTrigger, own));
    };
    // ONBUILD triggers are new objects on every call: only top-level nodes can be found again.
    if (isTrigger || esc !== escapeChar) validateAfresh();
    else byNode('I', instruction, problems, validateAfresh);
  };
  internals.checkVariables = function (instruction, problems) {
    const first = instruction.getRange().start.line;
    if (!starts.length) {
      checkVariables.call(this, instruction, problems);
      return;
    }
    byNode('V', instruction, problems, () => {
      // No `$` in the instruction's lines: no variables, nothing to report.
      if (!spanText(spanIndex(starts, first)).includes('$')) return;
      // What it reports (a variable's unsupported modifier: its range, text and modifier, and the keyword) comes from
      // the instruction's own text and the escape character; whether the variable is defined elsewhere is not read.
      reuse(`V${instruction.getKeyword()}:`, first, problems, (own) => checkVariables.call(this, instruction, own));
    });
  };
  return withParse(text, dockerfile, () => validator.validate(document));
}

/** A validator for `setModelValidator` (core's syntax rules): the model's own parse, per-instruction results from `cache`. */
export function incrementalModelValidator(cache: SpanCache): (model: DockerfileModel) => Diagnostic[] {
  return (model) => validateIncremental(model.text, cache, model.ast);
}
