// Parses the output of a failed image build. Three formats (see test/fixtures/engine/):
//  - modern BuildKit (buildx, Docker 23+): `Dockerfile:12`, a `>>>` excerpt, `ERROR: failed to solve: …`;
//  - BuildKit 0.8 (Docker 20.10) and compose v2 builds: `#7 [stage 4/4] RUN …` / `#7 ERROR: …`, no line;
//  - the classic builder: `Step 5/6 : RUN …` then `The command '…' returned a non-zero code: 3`.
// Pure: no vscode, no I/O.

import type { BuildFailure, BuildOutputFormat, BuildStepRef } from '../../../shared/protocol';

export type { BuildFailure, BuildOutputFormat, BuildStepRef };

const MAX_LINES = 200_000;

export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
}

/** Returns undefined when the output shows no failure this parser understands. */
export function parseBuildFailure(output: string): BuildFailure | undefined {
  try {
    return parse(stripAnsi(output).replace(/\r\n?/g, '\n').split('\n').slice(-MAX_LINES));
  } catch {
    return undefined;
  }
}

const VERTEX_HEADER = /^#(\d+) \[([^\]]*?)\s*(\d+)\/(\d+)\] (.*)$/;
const VERTEX_INTERNAL = /^#(\d+) \[(?:\S+ )?internal\] load metadata for (\S+)$/;
const VERTEX_ERROR = /^#(\d+) ERROR: (.*)$/;
const SUMMARY_STEP = /^ > \[([^\]]*?)\s*(\d+)\/(\d+)\] (.*):$/;
const LOCATION = /^(\S.*):(\d+)$/;
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const CLASSIC_COMMAND_FAILED = /^The command '.*' returned a non-zero code: \d+$/;
const COMPOSE_V1_FAILED = /^Service '([^']+)' failed to build/;
const SOLVE_FAILED = /^(?:ERROR: )?failed to solve: (.*)$/;

function parse(lines: string[]): BuildFailure | undefined {
  const headers = new Map<string, { step?: BuildStepRef; baseImage?: string }>();
  let failedVertex: string | undefined;
  let vertexError: string | undefined;
  let summaryStep: BuildStepRef | undefined;
  let solveMessage: string | undefined;
  let file: string | undefined;
  let line: number | undefined;
  let classicStep: BuildFailure['classicStep'];
  let classicMessage: string | undefined;
  let service: string | undefined;
  let lastMeaningful: string | undefined;

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    let m: RegExpMatchArray | null;
    if ((m = VERTEX_HEADER.exec(text))) {
      headers.set(m[1], { step: { prefix: words(m[2]), index: Number(m[3]), total: Number(m[4]), instruction: m[5].trim() } });
    } else if ((m = VERTEX_INTERNAL.exec(text))) {
      headers.set(m[1], { baseImage: m[2] });
    } else if ((m = VERTEX_ERROR.exec(text))) {
      failedVertex = m[1];
      vertexError = m[2].trim();
    } else if ((m = SUMMARY_STEP.exec(text))) {
      summaryStep = { prefix: words(m[1]), index: Number(m[2]), total: Number(m[3]), instruction: m[4].trim() };
    } else if ((m = SOLVE_FAILED.exec(text))) {
      solveMessage = m[1].trim();
    } else if ((m = LOCATION.exec(text)) && /^-{8,}$/.test(lines[i + 1] ?? '') && Number(m[2]) > 0) {
      file = m[1];
      line = Number(m[2]);
    } else if ((m = CLASSIC_STEP.exec(text))) {
      classicStep = { index: Number(m[1]), total: Number(m[2]), instruction: m[3].trim() };
      classicMessage = undefined;
    } else if (/^Successfully (?:built|tagged) /.test(text)) {
      classicStep = undefined;
    } else if (CLASSIC_COMMAND_FAILED.test(text)) {
      classicMessage = text.trim();
    } else if ((m = COMPOSE_V1_FAILED.exec(text))) {
      service = m[1];
    }
    if (text.trim() && !COMPOSE_V1_FAILED.test(text)) lastMeaningful = text.trim();
  }

  const failed = failedVertex !== undefined ? headers.get(failedVertex) : undefined;
  if (failedVertex !== undefined || solveMessage !== undefined || line !== undefined) {
    const step = failed?.step ?? summaryStep;
    return compact({
      format: 'buildkit',
      message: solveMessage ?? vertexError ?? lastMeaningful ?? 'build failed',
      file,
      line,
      step,
      baseImage: failed?.baseImage,
      service,
    });
  }
  if (classicStep) {
    return compact({
      format: 'classic',
      message: classicMessage ?? lastMeaningful ?? 'build failed',
      classicStep,
      service,
    });
  }
  return undefined;
}

function words(s: string): string[] {
  return s.trim().split(/\s+/).filter(Boolean);
}

function compact(o: BuildFailure): BuildFailure {
  for (const k of Object.keys(o) as (keyof BuildFailure)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Compose v2 prefixes BuildKit vertex names with the service: `[web builder 2/4]`. */
export function servicesInBuildOutput(output: string, knownServices: readonly string[]): string[] {
  const found = new Set<string>();
  const known = new Set(knownServices);
  for (const text of stripAnsi(output).split(/\r?\n/).slice(-MAX_LINES)) {
    const m = VERTEX_HEADER.exec(text);
    const first = m ? words(m[2])[0] : undefined;
    if (first && known.has(first)) found.add(first);
  }
  return [...found];
}
