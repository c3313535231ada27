import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { effectiveUser } from '../../dockerfile/model';
import { insertAt } from '../../text';
import type { TextEdit } from '../../types';

/** Small Dockerfile edits the cross-file rules share; they never touch other lines. */

/** Inserts lines before an instruction (same line start). */
export function insertBefore(model: DockerfileModel, instr: Instr, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  return insertAt({ line: instr.range.start.line, character: 0 }, lines.join(eol) + eol);
}

/** Inserts lines at the end of the file. */
export function appendLines(model: DockerfileModel, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const last = model.lines.lineCount - 1;
  const text = model.lines.lineText(last);
  const end = { line: last, character: text.length };
  return insertAt(end, (text === '' ? '' : eol) + lines.join(eol) + eol);
}

/** Where root-level setup goes in a stage: before its USER switch, else before CMD/ENTRYPOINT/HEALTHCHECK/EXPOSE, else at the stage end. */
export function rootInsertPoint(stage: Stage): Instr | undefined {
  const user = effectiveUser(stage);
  if (user && stage.instructions.includes(user.instr)) return user.instr;
  return stage.instructions.find((i) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.keyword));
}

/** Inserts lines into a stage before its runtime instructions (CMD/ENTRYPOINT/HEALTHCHECK) or at its end. */
export function insertInStage(model: DockerfileModel, stage: Stage, lines: string[], beforeUser: boolean): TextEdit {
  const at = beforeUser ? rootInsertPoint(stage) : stage.instructions.find((i) => ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.keyword));
  if (at) return insertBefore(model, at, lines);
  const next = model.stages[stage.index + 1];
  if (next) return insertBefore(model, next.from, lines);
  return appendLines(model, lines);
}
