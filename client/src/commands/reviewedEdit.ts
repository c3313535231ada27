import * as vscode from 'vscode';
import type { ChangeAnnotation, Range, TextDocumentEdit, WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageserver-protocol';

/**
 * Applies a language-server WorkspaceEdit (Split Dockerfile, Wire Compose Profiles) the way VS Code can undo in one
 * step and preview with every entry ticked.
 *
 * Undo: VS Code 1.100 pushes one undo element per run of same-kind edits, all in one undo group, and undoes the group
 * element by element. An LSP file creation is CreateFile + a TextDocumentEdit inserting the content; the insert's undo
 * element lives on a text model that only the bulk edit opened. Once that model is released its undo elements are
 * marked invalid, and undoing an invalid single-file element flushes that file's stack and ends the group's undo
 * (UndoRedoService._resourceUndo), so created files were left behind. Here each creation becomes
 * `createFile(uri, { contents })`: a pure file operation whose undo deletes the file, and all creations form one
 * undo element.
 *
 * Preview: VS Code opens its refactor preview when any entry needs confirmation and starts such entries unticked.
 * The real entries therefore carry no confirmation; one extra entry that needs it, a create-if-missing of a file that
 * exists (one the edit edits or deletes, else the file the command ran on), opens the preview. The preview hides such a no-op create, and Apply drops it
 * since it stays unticked; applied anyway (an editor without preview), it does nothing.
 */
export interface ReviewedEdit {
  edit?: vscode.WorkspaceEdit;
  error?: string;
}

/**
 * `existing`: a file that exists now (the file the command ran on), for the preview's opener when the edit only
 * creates files.
 */
export function toReviewedEdit(lsp: LspWorkspaceEdit, existing?: vscode.Uri): ReviewedEdit {
  const annotations: Record<string, ChangeAnnotation> = lsp.changeAnnotations ?? {};
  const needsConfirmation = Object.values(annotations).some((a) => a.needsConfirmation);
  let previewAnchor: vscode.Uri | undefined;
  const metadataOf = (id: string | undefined): vscode.WorkspaceEditEntryMetadata | undefined => {
    const annotation = id === undefined ? undefined : annotations[id];
    // Without an opener, keep the server's confirmation: a preview with unticked entries beats no preview.
    return annotation ? { label: annotation.label, description: annotation.description, needsConfirmation: !!annotation.needsConfirmation && !previewAnchor } : undefined;
  };
  const changes = lsp.documentChanges ?? Object.entries(lsp.changes ?? {}).map(([uri, edits]): TextDocumentEdit => ({ textDocument: { uri, version: null }, edits }));
  const edit = new vscode.WorkspaceEdit();
  const openVersions = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.version]));
  const entries: (() => void)[] = [];
  const created = new Set<string>();
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i];
    if ('kind' in change && change.kind === 'create') {
      const uri = vscode.Uri.parse(change.uri);
      created.add(uri.toString());
      const next = changes[i + 1];
      const contents = next && 'textDocument' in next && next.textDocument.uri === change.uri ? wholeContentInsert(next.edits) : undefined;
      if (contents !== undefined) i++;
      const options = { overwrite: change.options?.overwrite, ignoreIfExists: change.options?.ignoreIfExists, contents: new TextEncoder().encode(contents ?? '') };
      entries.push(() => edit.createFile(uri, options, metadataOf(change.annotationId)));
    } else if ('kind' in change && change.kind === 'delete') {
      const uri = vscode.Uri.parse(change.uri);
      previewAnchor ??= uri;
      entries.push(() => edit.deleteFile(uri, { recursive: change.options?.recursive, ignoreIfNotExists: change.options?.ignoreIfNotExists }, metadataOf(change.annotationId)));
    } else if ('kind' in change && change.kind === 'rename') {
      const oldUri = vscode.Uri.parse(change.oldUri);
      previewAnchor ??= oldUri;
      entries.push(() => edit.renameFile(oldUri, vscode.Uri.parse(change.newUri), change.options, metadataOf(change.annotationId)));
    } else if ('textDocument' in change) {
      const uri = vscode.Uri.parse(change.textDocument.uri);
      const expected = change.textDocument.version;
      const open = openVersions.get(uri.toString());
      if (typeof expected === 'number' && open !== undefined && open !== expected) {
        return { error: `${vscode.workspace.asRelativePath(uri)} changed while the edit was computed; run the command again.` };
      }
      if (!created.has(uri.toString())) previewAnchor ??= uri;
      for (const textEdit of change.edits) {
        const annotationId = 'annotationId' in textEdit ? textEdit.annotationId : undefined;
        entries.push(() => edit.replace(uri, toRange(textEdit.range), textEdit.newText, metadataOf(annotationId)));
      }
    }
  }
  previewAnchor ??= existing;
  if (needsConfirmation && previewAnchor) {
    const first = Object.values(annotations)[0];
    edit.createFile(previewAnchor, { ignoreIfExists: true }, { label: first?.label ?? 'Review', needsConfirmation: true });
  }
  for (const entry of entries) entry();
  return { edit };
}

/** The inserted text when `edits` is exactly one insertion at the start of an (empty, new) file. */
function wholeContentInsert(edits: TextDocumentEdit['edits']): string | undefined {
  if (edits.length !== 1) return undefined;
  const { range, newText } = edits[0];
  const atStart = range.start.line === 0 && range.start.character === 0 && range.end.line === 0 && range.end.character === 0;
  return atStart ? newText : undefined;
}

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/**
 * Converts and applies `lsp` as one refactoring (`isRefactoring`: VS Code saves the touched files when
 * `files.refactoring.autoSave` is on). Resolves when the user applied or discarded the preview.
 */
export async function applyReviewedEdit(lsp: LspWorkspaceEdit, title: string, existing?: vscode.Uri): Promise<{ applied: boolean; error?: string }> {
  const { edit, error } = toReviewedEdit(lsp, existing);
  if (!edit) {
    void vscode.window.showWarningMessage(`Dockwright: ${title} — ${error}`);
    return { applied: false, error };
  }
  const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  return applied ? { applied } : { applied, error: 'not applied (preview discarded, or a file changed in the meantime)' };
}
