import type { Analysis } from './analysis';
import type { DockwrightConfig } from './config';
import { stageLineage, type DockerfileModel } from './dockerfile/model';
import type { Report, StageContext, StageRule } from './rule';

/**
 * Reports of stage-scoped rules (`StageRule`), kept per stage from one check of a file to the next: an edit inside one
 * stage re-runs those rules for that stage only. A stage's reports are reused when everything a StageRule may read is
 * the same as at the previous check of the file: the stage's text (from its FROM line to the next FROM), its first line
 * and index, whether it is the final stage, the same for each stage it is built FROM (`stageLineage`), the text before
 * the first FROM with the first FROM line, the line break, and the settings (`analysis.config`, `fixesWanted`). The map
 * is per file path.
 *
 * Only files checked more than once keep reports (the language server's); a one-shot check of a workspace runs the
 * rules directly and keeps nothing. Every rule of one check gets the same model, so a first check is told from a later
 * one by its model, held in a WeakSet: a one-shot check (the CLI drops least recently used models) must not keep every
 * Dockerfile model alive (a WeakRef would, until the synchronous check ends).
 */

/** What a stage's reports are reused under, next to the previous check's. */
interface StageText {
  line: number;
  final: boolean;
  text: string;
  /** Indexes of the stage and the stages it is built FROM. */
  lineage: number[];
}

interface FileReports {
  model: DockerfileModel;
  config: DockwrightConfig;
  fixesWanted: boolean;
  /** The line break, the text before the first FROM and the first FROM line. */
  head: string;
  stages: StageText[];
  /** Per stage index: rule code → reports. */
  reports: Map<string, Report[]>[];
}

/** How often a stage's reports of a rule were reused and how often the rule ran for a stage (tests read it). */
export const stageScopeStats = { reused: 0, run: 0 };

const byAnalysis = new WeakMap<Analysis, Map<string, FileReports | 'seen'>>();

/** The models of files' first checks. */
const firstCheckModels = new WeakSet<DockerfileModel>();

/** The rule's reports for every stage of the model, in stage order: reused per stage where nothing it reads changed. */
export function stageScopedReports(rule: StageRule, ctx: Omit<StageContext, 'stage'>): Report[] {
  const memo = fileReports(ctx);
  if (!memo) return rule.check(ctx);
  const out: Report[] = [];
  for (const stage of ctx.model.stages) {
    const byCode = memo.reports[stage.index];
    let reports = byCode.get(rule.code);
    if (reports) stageScopeStats.reused++;
    else {
      stageScopeStats.run++;
      byCode.set(rule.code, (reports = rule.checkStage({ ...ctx, stage })));
    }
    out.push(...reports);
  }
  return out;
}

function fileReports({ file, model, analysis }: Omit<StageContext, 'stage'>): FileReports | undefined {
  // Which RUNs the per-file shell budget leaves unanalysed depends on every stage before them: no reuse then.
  if (model.stages.some((s) => s.runs.some((r) => r.parseLimit === 'file-budget'))) return undefined;
  let files = byAnalysis.get(analysis);
  if (!files) byAnalysis.set(analysis, (files = new Map()));
  const memo = files.get(file);
  if (memo === undefined) {
    files.set(file, 'seen');
    firstCheckModels.add(model);
    return undefined;
  }
  // Another rule of the first check, or the same model checked again: nothing to reuse yet.
  if (memo === 'seen' && firstCheckModels.has(model)) return undefined;
  const sameSettings = memo !== 'seen' && memo.config === analysis.config && memo.fixesWanted === analysis.fixesWanted;
  if (sameSettings && memo.model === model) return memo;
  const head = headOf(model);
  const stages = stageTexts(model);
  const previous = sameSettings && memo.head === head ? memo : undefined;
  const unchanged = stages.map((s, i) => previous !== undefined && i < previous.stages.length && sameStageText(previous.stages[i], s));
  const reports = stages.map((s, i) => (previous && s.lineage.every((j) => unchanged[j]) && sameList(previous.stages[i].lineage, s.lineage) ? previous.reports[i] : new Map<string, Report[]>()));
  const next: FileReports = { model, config: analysis.config, fixesWanted: analysis.fixesWanted, head, stages, reports };
  files.set(file, next);
  return next;
}

function headOf({ text, lines, stages }: DockerfileModel): string {
  if (!stages.length) return text;
  const first = stages[0].from.range.start.line;
  return `${lines.eol}\u0000${text.slice(0, lines.offsetAt({ line: first, character: 0 }))}\u0000${lines.lineText(first)}`;
}

function stageTexts(model: DockerfileModel): StageText[] {
  const { text, lines, stages } = model;
  const starts = stages.map((s) => lines.offsetAt({ line: s.from.range.start.line, character: 0 }));
  return stages.map((s, i) => ({
    line: s.from.range.start.line,
    final: s === model.finalStage,
    text: text.slice(starts[i], i + 1 < stages.length ? starts[i + 1] : text.length),
    lineage: stageLineage(s).map((p) => p.index),
  }));
}

function sameStageText(a: StageText, b: StageText): boolean {
  return a.line === b.line && a.final === b.final && a.text === b.text;
}

function sameList(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
