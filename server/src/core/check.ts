import type { Analysis } from './analysis';
import { allRules } from './catalogue';
import type { Report, Rule } from './rule';
import type { Finding, Severity } from './types';
import { fileKind } from './workspace';

export interface CheckOptions {
  /** Called when a rule throws; the other rules still deliver. */
  onRuleError?: (code: string, file: string, error: unknown) => void;
}

function severityFor(analysis: Analysis, code: string, fallback: Severity): Severity | undefined {
  const setting = analysis.config.rules?.[code];
  if (setting === 'off') return undefined;
  return setting ?? fallback;
}

function toFindings(file: string, rule: Rule, severity: Severity, reports: Report[]): Finding[] {
  return reports.map((r) => ({
    file: r.file ?? file,
    code: rule.code,
    severity,
    range: r.range,
    message: r.message,
    fixes: r.fixes ?? [],
  }));
}

/** All findings for one file. Never throws because of a rule. */
export function checkFile(path: string, analysis: Analysis, options: CheckOptions = {}): Finding[] {
  const kind = fileKind(path);
  const findings: Finding[] = [];
  if (kind === 'dockerfile') {
    const model = analysis.dockerfile(path);
    if (!model) return findings;
    for (const rule of allRules) {
      if (rule.target !== 'dockerfile') continue;
      const severity = severityFor(analysis, rule.code, rule.defaultSeverity);
      if (!severity) continue;
      try {
        findings.push(...toFindings(path, rule, severity, rule.check({ file: path, model, analysis })));
      } catch (error) {
        options.onRuleError?.(rule.code, path, error);
      }
    }
  }
  if (kind === 'compose') findings.push(...checkCompose(path, analysis, options));
  return sortFindings(findings);
}

function checkCompose(path: string, analysis: Analysis, options: CheckOptions): Finding[] {
  const model = analysis.compose(path);
  const project = model && analysis.composeProject(path);
  if (!model || !project) return [];
  const findings: Finding[] = [];
  for (const rule of allRules) {
    if (rule.target !== 'compose') continue;
    const severity = severityFor(analysis, rule.code, rule.defaultSeverity);
    if (!severity) continue;
    try {
      findings.push(...toFindings(path, rule, severity, rule.check({ file: path, model, project, analysis })));
    } catch (error) {
      options.onRuleError?.(rule.code, path, error);
    }
  }
  return findings;
}

export function checkFiles(paths: string[], analysis: Analysis, options: CheckOptions = {}): Finding[] {
  return sortFindings(paths.flatMap((p) => checkFile(p, analysis, options)));
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
