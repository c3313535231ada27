import type { Analysis } from './analysis';
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

export type Rule = DockerfileRule;
