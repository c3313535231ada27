import type { Analysis } from './analysis';
import type { ComposeModel } from './compose/model';
import type { ComposeProject } from './compose/project';
import type { DockerfileModel, Stage } from './dockerfile/model';
import type { Fix, Range, Severity } from './types';

export interface RuleMeta {
  code: string;
  title: string;
  defaultSeverity: Severity;
  /** One-paragraph explanation shown in hovers and docs. */
  description: string;
  /** Titles of the fixes the rule can offer, for the docs and the catalogue. */
  fixTitles: string[];
}

/** What a rule reports; the checker adds file, code and the configured severity. */
export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Report on another file than the one being checked (cross-file rules). */
  file?: string;
  /** Severity for this report when the user has not configured the rule (e.g. a milder case of the rule). */
  severity?: Severity;
  /**
   * The BuildKit build check this report is (e.g. `JSONArgsRecommended`): `# check=skip=…` / `error=true` apply to
   * it, and `dockwright.dockerfile.buildkitChecks` can leave it to Docker DX.
   */
  buildkit?: string;
  /** Set by the checker: `severity` stands even over a configured one (`# check=error=true` makes the build fail). */
  forceSeverity?: boolean;
}

export interface DockerfileContext {
  file: string;
  model: DockerfileModel;
  analysis: Analysis;
}

export interface DockerfileRule extends RuleMeta {
  target: 'dockerfile';
  check(ctx: DockerfileContext): Report[];
  /** Set by `stageRule`: the rule's reports are a function of one stage at a time (see StageRule). */
  scope?: 'stage';
}

/** A stage-scoped rule's view: the whole model is there, but only `stage` and what StageRule allows may be read. */
export interface StageContext extends DockerfileContext {
  stage: Stage;
}

/**
 * A rule whose reports for a stage depend on nothing but what the checker keys that stage's cached reports by
 * (`core/stageScope.ts`): the stage's own text and lines (from its FROM line to the next FROM), whether it is the final
 * stage, the stages it is built FROM (`stageLineage`), the text before the first FROM and the first FROM line (global
 * ARGs, directives, escape character), the file's line break, the file path and the settings. It must not read other
 * stages (`model.stages`, `copiedBy`, `children`, `fromStage`), other files or the workspace. The language server then
 * re-runs it only for the stages an edit touched. Flag a rule only after reading it; `test/unit/stageScope.test.ts`
 * compares the cached reports with a fresh check after random edits of every corpus Dockerfile.
 */
export interface StageRule extends DockerfileRule {
  scope: 'stage';
  checkStage(ctx: StageContext): Report[];
}

/** A stage-scoped rule from its per-stage check; `check` runs it over every stage in order. */
export function stageRule(rule: Omit<StageRule, 'scope' | 'check'>): StageRule {
  return { ...rule, scope: 'stage', check: (ctx) => ctx.model.stages.flatMap((stage) => rule.checkStage({ ...ctx, stage })) };
}

export interface ComposeContext {
  file: string;
  model: ComposeModel;
  /** The merged project the file belongs to (its services' merged view, profiles, `.env`). */
  project: ComposeProject;
  analysis: Analysis;
}

/** Compose rules (DW2xx) and cross-file rules (DW3xx) run on compose files. */
export interface ComposeRule extends RuleMeta {
  target: 'compose';
  check(ctx: ComposeContext): Report[];
}

export type Rule = DockerfileRule | ComposeRule;
