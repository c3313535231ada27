// Maps a build failure (parsed from the engine's output by the client) back to the Dockerfile instruction
// that failed, using the Dockerfile model. Pure: takes the Dockerfile text, returns plain data. The client
// asks for it with the `dockwright/locateBuildFailure` request (shared/protocol.ts, lsp/customRequests.ts).
import type { BuildFailure, BuildStepRef, FailureLocation } from '../../../../shared/protocol';
import { parseDockerfile, type DockerfileModel, type Instr, type Stage } from '../dockerfile/model';

export type { FailureLocation };

/** BuildKit emits a vertex for these instructions (FROM only when it is not `scratch`). */
const VERTEX_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

export function locateFailure(dockerfileText: string, failure: BuildFailure, service?: string): FailureLocation | undefined {
  let model: DockerfileModel;
  try {
    model = parseDockerfile(dockerfileText);
  } catch {
    return undefined;
  }
  const all = allInstructions(model);
  if (failure.line !== undefined) {
    const zeroBased = failure.line - 1;
    const instr = all.find((i) => i.range.start.line <= zeroBased && zeroBased <= i.range.end.line);
    const range = instr?.range ?? { start: { line: zeroBased, character: 0 }, end: { line: zeroBased, character: lineLength(dockerfileText, zeroBased) } };
    return { line: failure.line, range, via: 'line' };
  }
  if (failure.step) {
    const instr = locateBuildKitStep(model, failure.step, service);
    if (instr) return at(instr, 'step');
  }
  if (failure.classicStep) {
    const { index, instruction } = failure.classicStep;
    const byText = all.filter((i) => sameInstruction(i, instruction));
    const byIndex = all[index - 1];
    const instr = byIndex && sameInstruction(byIndex, instruction) ? byIndex : byText.length === 1 ? byText[0] : byIndex;
    if (instr) return at(instr, 'classic-step');
  }
  if (failure.baseImage) {
    const wanted = normaliseImage(failure.baseImage);
    const stage = model.stages.find((s) => normaliseImage(s.image.raw) === wanted);
    if (stage) return at(stage.from, 'base-image');
  }
  return undefined;
}

function locateBuildKitStep(model: DockerfileModel, step: BuildStepRef, service?: string): Instr | undefined {
  const prefix = step.prefix.filter((word, i) => !(i === 0 && word === service && (step.prefix.length > 1 || !stageByName(model, word))));
  const stageName = prefix[prefix.length - 1];
  let candidates: Stage[];
  if (stageName !== undefined) {
    const named = stageByName(model, stageName);
    candidates = named ? [named] : [];
  } else {
    candidates = model.stages.length === 1 ? [...model.stages] : model.finalStage ? [model.finalStage] : [];
  }
  // When the prefix could not be resolved, consider every stage whose step count matches.
  if (candidates.length === 0) candidates = model.stages.filter((s) => vertexInstructions(s).length === step.total);
  for (const stage of candidates) {
    const steps = vertexInstructions(stage);
    const byIndex = steps.length === step.total ? steps[step.index - 1] : undefined;
    if (byIndex && sameInstruction(byIndex, step.instruction)) return byIndex;
    const byText = steps.filter((i) => sameInstruction(i, step.instruction));
    if (byText.length === 1) return byText[0];
    if (byIndex) return byIndex;
  }
  return undefined;
}

function stageByName(model: DockerfileModel, name: string): Stage | undefined {
  const lower = name.toLowerCase();
  const named = model.stages.find((s) => s.name?.toLowerCase() === lower);
  if (named) return named;
  const m = /^stage-(\d+)$/.exec(lower);
  return m ? model.stages[Number(m[1])] : undefined;
}

function vertexInstructions(stage: Stage): Instr[] {
  const steps = stage.instructions.filter((i) => VERTEX_KEYWORDS.has(i.keyword));
  // `FROM scratch` and `FROM <earlier stage>` produce no vertex of their own.
  return stage.image.name === 'scratch' || stage.parent ? steps : [stage.from, ...steps];
}

function allInstructions(model: DockerfileModel): Instr[] {
  const out: Instr[] = [...model.preamble];
  for (const stage of model.stages) out.push(stage.from, ...stage.instructions);
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** Compares an instruction with its rendering by the engine (continuations joined, whitespace collapsed). */
export function sameInstruction(instr: Instr, printed: string): boolean {
  const norm = (s: string) => s.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  const written = norm(`${instr.keyword} ${instr.argsText}`);
  const shown = norm(printed);
  if (written === shown) return true;
  // FROM is printed resolved (`FROM docker.io/library/alpine:3.20`), and long names may be elided.
  if (instr.keyword === 'FROM') return shown.startsWith('from ') && written.split(' ')[1] !== undefined && normaliseImage(shown.split(' ')[1]) === normaliseImage(written.split(' ')[1]);
  return false;
}

function normaliseImage(ref: string): string {
  let s = ref.toLowerCase().replace(/^docker\.io\//, '').replace(/^library\//, '');
  if (!/[:@]/.test(s.split('/').pop() ?? '')) s += ':latest';
  return s;
}

function at(instr: Instr, via: FailureLocation['via']): FailureLocation {
  return { line: instr.range.start.line + 1, range: instr.range, via };
}

function lineLength(text: string, zeroBased: number): number {
  return text.split(/\r?\n/)[zeroBased]?.length ?? 0;
}
