/** Small text-edit builders for Dockerfile fixes that keep the user's formatting. */
import type { Fix, Position, TextEdit } from '../types';
import { insertAt } from '../text';
import type { DockerfileModel, Instr } from './model';

/** Inserts whole lines before the line an instruction starts on, indented like it. */
export function insertLinesBefore(model: DockerfileModel, instr: Instr, lines: string[]): TextEdit {
  const indent = /^[ \t]*/.exec(model.lines.lineText(instr.range.start.line))![0];
  const eol = model.lines.eol;
  return insertAt({ line: instr.range.start.line, character: 0 }, lines.map((l) => indent + l + eol).join(''));
}

/** Inserts whole lines after the last line of an instruction. */
export function insertLinesAfter(model: DockerfileModel, instr: Instr, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const end = { line: instr.range.end.line, character: model.lines.lineText(instr.range.end.line).length };
  return insertAt(end, lines.map((l) => eol + l).join(''));
}

/** Appends lines at the end of the file, adding a line break first when the file does not end with one. */
export function appendLines(model: DockerfileModel, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const last = model.lines.lineCount - 1;
  const end = { line: last, character: model.lines.lineText(last).length };
  const lead = model.lines.lineText(last) === '' ? '' : eol;
  return insertAt(end, lead + lines.join(eol) + eol);
}

/** Deletes the lines an instruction occupies (including its line break). */
export function deleteInstructionLines(model: DockerfileModel, instr: Instr): TextEdit {
  const start: Position = { line: instr.range.start.line, character: 0 };
  const nextLine = instr.range.end.line + 1;
  const end: Position = nextLine < model.lines.lineCount ? { line: nextLine, character: 0 } : { line: instr.range.end.line, character: model.lines.lineText(instr.range.end.line).length };
  return { range: { start, end }, newText: '' };
}

/** Position right after the instruction keyword (`RUN|`), where flags such as `--mount` go. */
export function afterKeyword(instr: Instr): Position {
  return instr.node.getInstructionRange().end;
}

export function fileFix(file: string, title: string, edits: TextEdit[], isPreferred = false): Fix {
  return { title, edits: [{ path: file, edits }], isPreferred };
}

/** The keyword written in the user's case (`COPY` or `copy`). */
export function keywordCase(model: DockerfileModel, instr: Instr, keyword: string): string {
  const range = instr.node.getInstructionRange();
  const written = model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
  return written === written.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}
