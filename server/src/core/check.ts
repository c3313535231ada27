import type { Analysis } from './analysis';
import { allRules } from './catalogue';
import { buildkitChecksEnabled } from './config';
import { buildkitDisposition } from './dockerfile/buildkit';
import type { DockerfileModel } from './dockerfile/model';
import { applyHadolintIgnores } from './hadolint';
import { applyInlineIgnores } from './ignore';
import { limitFinding } from './limits';
import type { DockerfileContext, DockerfileRule, Report, Rule, StageRule } from './rule';
import { stageScopedReports } from './stageScope';
import type { Finding, Severity } from './types';

export interface CheckOptions {
  /** Called when a rule throws; the other rules still deliver. */
  onRuleError?: (code: string, file: string, error: unknown) => void;
}

function severityFor(analysis: Analysis, code: string, fallback: Severity): Severity | undefined {
  const setting = analysis.config.rules?.[code];
  if (setting === 'off') return undefined;
  return setting ?? fallback;
}

function toFindings(file: string, rule: Rule, severity: Severity, configured: boolean, reports: Report[]): Finding[] {
  return reports.map((r) => ({
    file: r.file ?? file,
    code: rule.code,
    severity: r.forceSeverity && r.severity ? r.severity : configured ? severity : (r.severity ?? severity),
    range: r.range,
    message: r.message,
    fixes: r.fixes ?? [],
  }));
}

/** Runs every enabled rule of one target kind; a rule that throws is reported through onRuleError and skipped. */
function runRules(path: string, analysis: Analysis, options: CheckOptions, target: Rule['target'], invoke: (rule: Rule) => Report[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of allRules) {
    if (rule.target !== target) continue;
    const severity = severityFor(analysis, rule.code, rule.defaultSeverity);
    if (!severity) continue;
    try {
      const configured = analysis.config.rules?.[rule.code] !== undefined;
      findings.push(...toFindings(path, rule, severity, configured, invoke(rule)));
    } catch (error) {
      options.onRuleError?.(rule.code, path, error);
    }
  }
  return findings;
}

/** All findings for one file. Never throws because of a rule. */
export function checkFile(path: string, analysis: Analysis, options: CheckOptions = {}): Finding[] {
  // One batch: cross-file rules ask about the same files and folders many times per check.
  return analysis.batch(() => checkOneFile(path, analysis, options));
}

function checkOneFile(path: string, analysis: Analysis, options: CheckOptions): Finding[] {
  const kind = analysis.kindOf(path);
  let findings: Finding[] = [];
  const skipped = kind === 'other' ? undefined : analysis.limitProblem(path);
  if (skipped) {
    const severity = severityFor(analysis, skipped.code, 'warning');
    return severity ? [limitFinding(path, skipped, severity)] : [];
  }
  if (kind === 'dockerfile') {
    const model = analysis.dockerfile(path);
    if (!model) return findings;
    const buildkit = buildkitChecksEnabled(analysis.config);
    findings = runRules(path, analysis, options, 'dockerfile', (rule) =>
      rule.target === 'dockerfile' ? applyCheckDirectives(model, dockerfileReports(rule, { file: path, model, analysis }), buildkit, analysis.config.buildkitCheck) : [],
    );
  } else if (kind === 'compose') {
    const model = analysis.compose(path);
    const project = model && analysis.composeProject(path);
    if (!model || !project) return findings;
    findings = runRules(path, analysis, options, 'compose', (rule) => (rule.target === 'compose' ? rule.check({ file: path, model, project, analysis }) : []));
  }
  const text = analysis.workspace.readText(path);
  if (text !== undefined && kind === 'dockerfile') findings = applyHadolintIgnores(text, findings, path, analysis.workspace);
  return sortFindings(text === undefined ? findings : applyInlineIgnores(text, findings, path));
}

function dockerfileReports(rule: DockerfileRule, ctx: DockerfileContext): Report[] {
  return rule.scope === 'stage' ? stageScopedReports(rule as StageRule, ctx) : rule.check(ctx);
}

/**
 * BuildKit build checks in a Dockerfile's reports: dropped when Docker DX reports them (buildkitChecks), or when the
 * file's `# check=skip=…` directive (or a `# check=` comment right above the instruction) skips them; with
 * `# check=error=true` they become errors, as `docker build` then fails on them.
 */
function applyCheckDirectives(model: DockerfileModel, reports: Report[], enabled: boolean, buildArgCheck: string | undefined): Report[] {
  if (!reports.some((r) => r.buildkit)) return reports;
  const out: Report[] = [];
  for (const r of reports) {
    if (!r.buildkit) {
      out.push(r);
      continue;
    }
    if (!enabled) continue;
    const disposition = buildkitDisposition(model, r.buildkit, r.range.start.line, buildArgCheck);
    if (disposition === 'skip') continue;
    out.push(disposition === 'error' ? { ...r, severity: 'error', forceSeverity: true } : r);
  }
  return out;
}

/** All findings for several files, checked as one batch (the workspace is treated as unchanging meanwhile). */
export function checkFiles(paths: string[], analysis: Analysis, options: CheckOptions = {}): Finding[] {
  return sortFindings(analysis.batch(() => paths.flatMap((p) => checkFile(p, analysis, options))));
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}
