import type { Analysis } from './analysis';
import { allRules } from './catalogue';
import type { DockerfileRule, Report } from './rule';
import type { Finding, Severity } from './types';
import { applyInlineIgnores } from './ignore';
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

function toFindings(file: string, rule: DockerfileRule, severity: Severity, configured: boolean, reports: Report[]): Finding[] {
  return reports.map((r) => ({
    file: r.file ?? file,
    code: rule.code,
    severity: configured ? severity : (r.severity ?? severity),
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
        const configured = analysis.config.rules?.[rule.code] !== undefined;
        findings.push(...toFindings(path, rule, severity, configured, rule.check({ file: path, model, analysis })));
      } catch (error) {
        options.onRuleError?.(rule.code, path, error);
      }
    }
  }
  const text = analysis.workspace.readText(path);
  return sortFindings(text === undefined ? findings : applyInlineIgnores(text, findings, path));
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
