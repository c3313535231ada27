import { DockerfileParser, type Comment, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { Dockerfile as DockerfileClass } from 'dockerfile-ast/lib/dockerfile';
import { buildDockerfileModel, parseDockerfile, shellBudgetLeft, shellChargeOf, type DockerfileModel, type Instr, type ModelReuse, type RunInfo } from './model';
import { changedRegion } from '../text';
import { withShellBudget } from './shell';

/**
 * The model of `text`, a new version of `previous.text` (an editor's keystroke): when the edit stays inside one
 * instruction's span, only that span is parsed again and spliced into the previous parse; otherwise a full parse.
 * Either way the result equals `parseDockerfile(text)` on everything the rules and validators read
 * (`test/unit/reparse.test.ts` checks that after random edits of every corpus Dockerfile).
 *
 * Why the splice is exact. dockerfile-ast's parser (`lib/parser.js`) is a left-to-right scan with no state carried from
 * one instruction to the next except the escape character (set by the parser directives at the top): at the first line
 * of an instruction it is at its top level. An instruction's *span* runs from its first line to the line before the
 * next instruction (continuation lines, comments, blank lines). When
 * - the edit changes characters of one line only (no line break added, removed or split, so every other line keeps
 *   its number and its text),
 * - that line is in the span of an instruction other than the first (so no line of it can become a parser directive),
 * - neither the old nor the new instruction is FROM, ARG, ENV or ONBUILD (the ones whose meaning reaches other
 *   instructions: stages, variable definitions, triggers) and neither span holds `<<` (a heredoc, whose body the
 *   parser looks for past the instruction),
 * - and the span parsed on its own (after blank lines up to its first line, under the same escape directive, so
 *   positions come out the same) is exactly one instruction starting on the span's first line and not still continued
 *   at the span's end,
 * then the full parse of the new text would scan the same instructions and comments before and after the span, at the
 * same positions, with the same text, and the span's own nodes are those of the span's parse. So the new parse is the
 * previous one with the span's instruction and comments replaced. The parsed `Dockerfile` is rebuilt from them (its
 * stage templates and comment lists come from `addInstruction`/`addComment`/`organizeComments`, as in the parser), and
 * the model reuses the `Instr` and RUN analysis of every other instruction.
 *
 * dockerfile-ast's nodes keep the text they were parsed from (`document`) and answer from their own lines, which are
 * unchanged; they also keep the `Dockerfile` they belong to (`dockerfile`, read for variable resolution), which is
 * pointed at the new one (the previous model is being replaced). Their memoised variables (`astMemo.ts`) stay right:
 * whether a variable is defined depends on FROM/ARG/ENV instructions only, and those are never spliced.
 */
export function reparseDockerfile(previous: DockerfileModel, text: string): DockerfileModel {
  const spliced = spliceDockerfile(previous, text);
  if (spliced) {
    reparseStats.spliced++;
    return spliced;
  }
  reparseStats.full++;
  return parseDockerfile(text);
}

/** How often `reparseDockerfile` spliced and how often it parsed the whole text (tests and profiles read it). */
export const reparseStats = { spliced: 0, full: 0 };

/** Keywords whose instruction is never spliced (they define stages, variables or triggers other instructions read). */
const NOT_SPLICED = new Set(['FROM', 'ARG', 'ENV', 'ONBUILD']);

interface TextDocumentInternals {
  constructor: new (uri: string, languageId: string, version: number, content: string) => TextDocumentInternals;
  positionAt(offset: number): { line: number; character: number };
  offsetAt(p: { line: number; character: number }): number;
  lineCount: number;
  /** vscode-languageserver-textdocument's line start offsets, computed on first use. */
  _lineOffsets?: number[];
}

interface DockerfileInternals {
  document: TextDocumentInternals;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** The spliced model, or undefined when the edit is not one the splice handles exactly. */
export function spliceDockerfile(previous: DockerfileModel, text: string): DockerfileModel | undefined {
  const old = previous.text;
  const { start, oldEnd, newEnd } = changedRegion(old, text);
  if (start === oldEnd && start === newEnd) return undefined;
  for (let i = start; i < oldEnd; i++) if (isLineBreak(old.charCodeAt(i))) return undefined;
  for (let i = start; i < newEnd; i++) if (isLineBreak(text.charCodeAt(i))) return undefined;
  // A `\r` and a `\n` brought together or pulled apart changes the line structure too.
  if (start > 0 && old.charCodeAt(start - 1) === 13 && old.charCodeAt(oldEnd) === 10) return undefined;

  const ast = previous.ast;
  const document = (ast as unknown as DockerfileInternals).document;
  const instructions = ast.getInstructions();
  const line = document.positionAt(start).line;
  const k = lastStartingAtOrBefore(instructions, line);
  if (k < 1) return undefined;
  const node = instructions[k];
  if (NOT_SPLICED.has(node.getKeyword())) return undefined;
  const first = node.getRange().start.line;
  const last = k + 1 < instructions.length ? instructions[k + 1].getRange().start.line - 1 : document.lineCount - 1;
  const delta = text.length - old.length;
  const from = document.offsetAt({ line: first, character: 0 });
  const oldTo = last + 1 < document.lineCount ? document.offsetAt({ line: last + 1, character: 0 }) : old.length;
  const newTo = oldTo === old.length ? text.length : oldTo + delta;
  if (old.slice(from, oldTo).includes('<<')) return undefined;
  const span = text.slice(from, newTo);
  if (span.includes('<<')) return undefined;

  // The span alone, at its own line numbers, under the same escape character.
  const escape = previous.escapeChar;
  const lead = escape === '\\' ? '\n'.repeat(first) : `# escape=${escape}\n` + '\n'.repeat(first - 1);
  const part = DockerfileParser.parse(lead + span);
  const parsed = part.getInstructions();
  if (parsed.length !== 1) return undefined;
  const replacement = parsed[0];
  const range = replacement.getRange();
  if (range.start.line !== first || range.end.line > last || NOT_SPLICED.has(replacement.getKeyword())) return undefined;
  if (previous.stages.some((s) => s.runs.some((r) => r.parseLimit === 'file-budget'))) return undefined;
  const budget = shellBudgetLeft(previous);
  if (budget === undefined) return undefined;

  // The new text's line starts are the previous ones, those after the edited line moved by the edit's length.
  const newDocument = new document.constructor('', '', 0, text);
  if (document._lineOffsets) newDocument._lineOffsets = document._lineOffsets.map((offset, i) => (i > line ? offset + delta : offset));
  const dockerfile = new DockerfileClass(newDocument as never) as unknown as Dockerfile & { setDirectives(d: unknown[]): void; addComment(c: Comment): void; organizeComments(): void; addInstruction(i: Instruction): void };
  const directives = ast.getDirectives();
  if (directives.length) dockerfile.setDirectives(directives);
  setOwner(replacement, dockerfile);
  for (let i = 0; i < instructions.length; i++) dockerfile.addInstruction(i === k ? replacement : instructions[i]);
  const comments = ast.getComments();
  let c = 0;
  while (c < comments.length && comments[c].getRange().start.line < first) dockerfile.addComment(comments[c++]);
  for (const comment of part.getComments()) dockerfile.addComment(comment);
  while (c < comments.length && comments[c].getRange().start.line <= last) c++;
  while (c < comments.length) dockerfile.addComment(comments[c++]);
  dockerfile.organizeComments();

  const { reuse, replacedRun } = reuseOf(previous, node);
  reuse.lines = previous.lines.shifted(text, previous.lines.positionAt(start).line, delta);
  const model = withShellBudget(budget + (replacedRun ? shellChargeOf(replacedRun) : 0), () => buildDockerfileModel(text, dockerfile, reuse));
  // The new RUN did not fit in what the others left: the full parse decides which RUNs are analysed.
  if (model.stages.some((s) => s.runs.some((r) => r.parseLimit === 'file-budget'))) return undefined;
  // The unchanged nodes now belong to the new parse (the previous model is being replaced; its variable answers are the same).
  for (let i = 0; i < instructions.length; i++) if (i !== k) setOwner(instructions[i], dockerfile);
  return model;
}

/** Points a node at the `Dockerfile` it resolves variables in (dockerfile-ast's `Instruction.dockerfile`). */
function setOwner(node: Instruction, dockerfile: Dockerfile): void {
  (node as unknown as { dockerfile: Dockerfile }).dockerfile = dockerfile;
}

/** Index of the last instruction starting on or before `line` (-1: none). */
function lastStartingAtOrBefore(instructions: Instruction[], line: number): number {
  let lo = 0;
  let hi = instructions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (instructions[mid].getRange().start.line <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The previous model's `Instr` and RUN analysis of every node but `replaced`, and the RUN analysis of `replaced`. */
function reuseOf(previous: DockerfileModel, replaced: Instruction): { reuse: ModelReuse; replacedRun?: RunInfo } {
  const instrs = new Map<Instruction, Instr>();
  const runs = new Map<Instr, RunInfo>();
  let replacedRun: RunInfo | undefined;
  for (const instr of previous.preamble) if (instr.node !== replaced) instrs.set(instr.node, instr);
  for (const stage of previous.stages) {
    instrs.set(stage.from.node, stage.from);
    for (const instr of stage.instructions) if (instr.node !== replaced) instrs.set(instr.node, instr);
    for (const run of stage.runs) {
      if (run.instr.node === replaced) replacedRun = run;
      else runs.set(run.instr, run);
    }
  }
  return { reuse: { instrs, runs }, replacedRun };
}
