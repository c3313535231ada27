import * as vscode from 'vscode';
import type { WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ExecuteCommandMiddleware } from '../lsp/client';
import { logNotes, reportApplied, reportNotApplied } from './planNotes';
import { applyReviewedEdit } from './reviewedEdit';

import { SPLIT_COMMAND } from '../lsp/serverCommands';


interface SplitResult {
  applied: boolean;
  notes: string[];
  notMonolithReason?: string;
  error?: string;
  edit?: LspWorkspaceEdit;
}

/**
 * The server's dockwright.splitDockerfile is registered by the language client; from the palette or a menu it
 * gets no argument or a vscode.Uri, so pass the Dockerfile's URI as a string. The server only plans (`apply: false`);
 * the edit is applied here (see reviewedEdit.ts), so VS Code shows the refactor preview with every entry ticked and
 * one undo reverts the whole split. Resolves with `applied: true` once the user pressed Apply.
 */
export const splitDockerfileMiddleware: ExecuteCommandMiddleware = async (command, args, next) => {
  if (command !== SPLIT_COMMAND) return next(command, args);
  const [target, layoutArg] = args;
  const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Dockwright: open a Dockerfile to split it.');
    return undefined;
  }
  const layout = layoutArg === 'targets' ? 'targets' : 'files';
  const title = layout === 'targets' ? 'Split into build targets' : 'Split Dockerfile';
  const where = vscode.workspace.asRelativePath(uri);
  // `dockwright.split.applyOwnFixes`: the new files get Dockwright's own fixes (cache mounts, HEALTHCHECK) in the plan.
  const polish = vscode.workspace.getConfiguration('dockwright', uri).get<boolean>('split.applyOwnFixes', false) === true;
  const result = (await next(command, [uri.toString(), layout, { apply: false, polish }])) as SplitResult | undefined;
  if (!result?.edit) {
    // The server already said why in a message (refusal or error); the notes behind it go to the output channel.
    if (result) logNotes(`${title} not applied`, where, [result.notMonolithReason ?? result.error ?? 'nothing to split', ...(result.notes ?? [])]);
    else void reportNotApplied(title, where, 'the language server did not answer (see the Dockwright output).');
    return result;
  }
  const { edit, ...rest } = result;
  const outcome = await applyReviewedEdit(edit, title, uri);
  if (outcome.applied) void reportApplied(title, where, result.notes ?? []);
  else logNotes(`${title} not applied`, where, [outcome.error ?? 'preview discarded', ...(result.notes ?? [])]);
  return { ...rest, applied: outcome.applied, error: outcome.error };
};
