import type { Analysis } from './analysis';
import type { ComposeModel } from './compose/model';
import type { ComposeProject } from './compose/project';
import type { DockerfileModel } from './dockerfile/model';
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
