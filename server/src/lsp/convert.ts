import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { ruleDocsUrl } from '../core/catalogue';
import type { Finding, Fix, Severity } from '../core/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The rule page a diagnostic links to: the copy shipped with the extension (`docs/rules/` is in the .vsix, next to
 * `dist/server/`), so the link works offline; the published page when the server runs without it.
 */
const shippedDocs = new Map<string, string>();
const SHIPPED_DOCS_DIR = path.resolve(__dirname, '../../docs/rules');
export function ruleDocsHref(code: string, dir = SHIPPED_DOCS_DIR): string {
  const key = `${dir}\0${code}`;
  let href = shippedDocs.get(key);
  if (href === undefined) {
    const file = path.join(dir, `${code}.md`);
    href = /^DW\d+$/.test(code) && existsSync(file) ? pathToFileURL(file).toString() : ruleDocsUrl(code);
    shippedDocs.set(key, href);
  }
  return href;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: ruleDocsHref(finding.code) },
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

/** Core command arguments `{ workspacePath }` become document URIs; anything else passes through. */
export function toCommandArguments(args: unknown[], uriOf: (path: string) => string | undefined): unknown[] | undefined {
  const out: unknown[] = [];
  for (const arg of args) {
    if (arg && typeof arg === 'object' && typeof (arg as { workspacePath?: unknown }).workspacePath === 'string') {
      const uri = uriOf((arg as { workspacePath: string }).workspacePath);
      if (!uri) return undefined;
      out.push(uri);
    } else out.push(arg);
  }
  return out;
}

/**
 * The two Split code actions look alike in the light-bulb menu: say what each leaves behind (several files vs one
 * file with a stage per program), which is the difference users ask about.
 */
export function splitActionTitle(fix: Fix): string {
  if (fix.command?.id !== 'dockwright.splitDockerfile') return fix.title;
  return fix.command.arguments[1] === 'targets'
    ? `${fix.title} (one Dockerfile, a stage per program; compose picks it with target:)`
    : `${fix.title} into one file per program (Dockerfile.<program>; compose points at each)`;
}

export function toCodeAction(finding: Finding, fix: Fix, diagnostic: Diagnostic, uriOf: (path: string) => string | undefined): CodeAction | undefined {
  const action: CodeAction = { title: splitActionTitle(fix), kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred };
  if (fix.edits.length) {
    const edit = toWorkspaceEdit(fix, uriOf);
    if (!edit) return undefined;
    action.edit = edit;
  }
  if (fix.command) {
    const args = toCommandArguments(fix.command.arguments, uriOf);
    if (!args) return undefined;
    action.command = { title: action.title, command: fix.command.id, arguments: args };
  }
  return action.edit || action.command ? action : undefined;
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
