import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { ruleDocsUrl } from '../core/catalogue';
import type { Finding, Fix, Severity } from '../core/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocsUrl(finding.code) },
    source: 'dockwright',
    message: finding.message,
  };
}

export function toWorkspaceEdit(fix: Fix, uriOf: (path: string) => string | undefined): WorkspaceEdit | undefined {
  if (fix.creates?.length) return withCreates(fix, uriOf);
  const changes: WorkspaceEdit['changes'] = {};
  for (const fileEdit of fix.edits) {
    const uri = uriOf(fileEdit.path);
    if (!uri) return undefined;
    (changes[uri] ??= []).push(...fileEdit.edits);
  }
  return { changes };
}

export function toCodeAction(finding: Finding, fix: Fix, diagnostic: Diagnostic, uriOf: (path: string) => string | undefined): CodeAction | undefined {
  const edit = toWorkspaceEdit(fix, uriOf);
  if (!edit) return undefined;
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred, edit };
}

/** File creations need `documentChanges`: create each file, then insert its content, then the other edits. */
function withCreates(fix: Fix, uriOf: (path: string) => string | undefined): WorkspaceEdit | undefined {
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const create of fix.creates ?? []) {
    const uri = uriOf(create.path);
    if (!uri) return undefined;
    documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: create.content }] });
  }
  for (const fileEdit of fix.edits) {
    const uri = uriOf(fileEdit.path);
    if (!uri) return undefined;
    documentChanges.push({ textDocument: { uri, version: null }, edits: fileEdit.edits });
  }
  return { documentChanges };
}
