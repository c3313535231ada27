import { allRules, ruleDocsUrl } from '../core/catalogue';
import type { Finding } from '../core/types';

export interface CliFinding {
  file: string;
  code: string;
  severity: Finding['severity'];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export function toCliFinding(f: Finding, file: string): CliFinding {
  return {
    file,
    code: f.code,
    severity: f.severity,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
  };
}

/** `1 error`, `2 warnings`, `3 infos` (the severity names the editor shows). */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(findings: CliFinding[]): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}`);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(
    findings.length === 0
      ? 'No problems found.'
      : `${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info') + count('hint'), 'info')})`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(findings: CliFinding[]): string {
  return JSON.stringify(findings, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: CliFinding[], version: string): string {
  const used = new Set(findings.map((f) => f.code));
  const rules = allRules
    .filter((r) => used.has(r.code))
    .map((r) => ({
      id: r.code,
      name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (.)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: r.title },
      fullDescription: { text: r.description },
      helpUri: ruleDocsUrl(r.code),
      defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dockwright', version, informationUri: 'https://github.com/dockwright/dockwright', rules } },
        results: findings.map((f) => ({
          ruleId: f.code,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
