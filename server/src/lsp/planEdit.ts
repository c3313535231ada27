import { pathToFileURL } from 'node:url';
import {
  CreateFile,
  DeleteFile,
  TextDocumentEdit,
  type AnnotatedTextEdit,
  type ChangeAnnotation,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { EditPlan } from '../core/types';
import { FsWorkspace } from '../node/fsWorkspace';

export interface PlanEditOptions {
  /** Shown in VS Code's refactor preview. */
  label: string;
  annotationId: string;
  /** Version of an open document, null when it is not open. */
  versionOf: (uri: string) => number | null;
  /** Defaults to the plan's notes. */
  description?: string;
}

/**
 * An EditPlan as one WorkspaceEdit: file creations, text edits and deletions in `documentChanges`, all under one change
 * annotation that needs confirmation (an LSP client should let the user review it). A creation is CreateFile followed
 * by one TextDocumentEdit inserting the whole content at 0:0; the VS Code client turns that pair back into a creation
 * with contents and decides how the preview opens (client/src/commands/reviewedEdit.ts).
 * Returns an error when any path would leave the workspace folder (directly or through a symlink).
 */
export function planToWorkspaceEdit(root: string, plan: EditPlan, options: PlanEditOptions): { edit?: WorkspaceEdit; error?: string } {
  const { versionOf } = options;
  const annotations: Record<string, ChangeAnnotation> = {
    [options.annotationId]: { label: options.label, needsConfirmation: true, description: options.description ?? plan.notes.join('\n') },
  };
  // A file the notes talk about gets its own annotation whose description is those notes (why it is created, kept,
  // changed): the refactor preview shows it next to the file's entries.
  const annotationOf = (rel: string): string => {
    const own = plan.notes.filter((n) => mentionsFile(n, rel));
    if (own.length === 0) return options.annotationId;
    const id = `${options.annotationId}/${rel}`;
    annotations[id] ??= { label: options.label, needsConfirmation: true, description: own.join(' ') };
    return id;
  };
  const fsWorkspace = new FsWorkspace(root);
  const uriOf = (rel: string): string | undefined => {
    const abs = fsWorkspace.resolve(rel);
    return abs ? pathToFileURL(abs).toString() : undefined;
  };
  const changes: WorkspaceEdit['documentChanges'] = [];
  for (const p of [...plan.creates.map((c) => c.path), ...plan.edits.map((e) => e.path), ...plan.deletes.map((d) => d.path)]) {
    if (!uriOf(p)) return { error: `refusing to write outside the workspace folder: ${p}` };
  }
  for (const create of plan.creates) {
    const uri = uriOf(create.path)!;
    const annotationId = annotationOf(create.path);
    changes.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }, annotationId));
    const insert: AnnotatedTextEdit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: create.content, annotationId };
    changes.push(TextDocumentEdit.create({ uri, version: null }, [insert]));
  }
  for (const fileEdit of plan.edits) {
    const uri = uriOf(fileEdit.path)!;
    const annotationId = annotationOf(fileEdit.path);
    const edits: AnnotatedTextEdit[] = fileEdit.edits.map((e) => ({ ...e, annotationId }));
    changes.push(TextDocumentEdit.create({ uri, version: versionOf(uri) }, edits));
  }
  for (const del of plan.deletes) changes.push(DeleteFile.create(uriOf(del.path)!, { recursive: false, ignoreIfNotExists: false }, annotationOf(del.path)));
  return { edit: { documentChanges: changes, changeAnnotations: annotations } };
}

/** Whether a note names the file by its workspace path, as a whole word (`Dockerfile` is not `Dockerfile.worker`). */
export function mentionsFile(note: string, rel: string): boolean {
  const base = rel;
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w./-])${escaped}($|[^\\w./-]|\\.(?!\\w))`).test(note);
}
