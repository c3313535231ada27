import { CodeActionKind, type CodeAction, type Connection, type Diagnostic, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../core/catalogue';
import { fixAllEdits, suppressFileEdit, suppressLineEdit } from '../core/suppress';
import type { Finding } from '../core/types';

/** Code actions every finding gets, like the best linters: disable for the line / the file, docs, fix all. */

export const SHOW_RULE_DOCS_COMMAND = 'dockwright.showRuleDocs';
/** `editor.codeActionsOnSave: { "source.fixAll.dockwright": "explicit" }` */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockwright`;

export function suppressionActions(uri: string, path: string, text: string, finding: Finding, diagnostic: Diagnostic, all: Finding[]): CodeAction[] {
  const out: CodeAction[] = [];
  const sameCode = all.filter((f) => f.code === finding.code && f.file === path);
  if (sameCode.length > 1) {
    const { edits, fixed } = fixAllEdits(path, sameCode, finding.code);
    if (fixed > 1) out.push({ title: `Fix all ${finding.code} in this file (${fixed})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edits } } });
  }
  const line = suppressLineEdit(path, text, finding.range.start.line, finding.code);
  if (line) out.push({ title: `Disable ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [line] } } });
  const file = suppressFileEdit(path, text, finding.code);
  if (file) out.push({ title: `Disable ${finding.code} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [file] } } });
  out.push({
    title: `Show documentation for ${finding.code}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${finding.code}`, command: SHOW_RULE_DOCS_COMMAND, arguments: [finding.code] },
  });
  return out;
}

/** The `source.fixAll.dockwright` action: every preferred single-file fix of the document, or none. */
export function fixAllAction(uri: string, path: string, findings: Finding[]): CodeAction | undefined {
  const { edits, fixed } = fixAllEdits(path, findings);
  if (!fixed) return undefined;
  return { title: `Fix all Dockwright problems (${fixed})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

/** Opens a rule's page (LSP `window/showDocument`, in the browser). */
export async function showRuleDocs(connection: Connection, params: ExecuteCommandParams): Promise<{ uri: string; shown: boolean }> {
  const code = String(params.arguments?.[0] ?? '');
  if (!/^DW\d{3}$/.test(code)) return { uri: '', shown: false };
  const uri = ruleDocsUrl(code);
  try {
    const result = await connection.window.showDocument({ uri, external: true });
    return { uri, shown: result.success };
  } catch {
    return { uri, shown: false };
  }
}
