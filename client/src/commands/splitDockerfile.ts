import * as vscode from 'vscode';
import type { Middleware, WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageclient/node';
import { applyReviewedEdit } from './reviewedEdit';

export const SPLIT_COMMAND = 'dockwright.splitDockerfile';

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
export const splitDockerfileMiddleware: Middleware['executeCommand'] = async (command, args, next) => {
  if (command !== SPLIT_COMMAND) return next(command, args);
  const [target, layoutArg] = args;
  const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Dockwright: open a Dockerfile to split it.');
    return undefined;
  }
  const layout = layoutArg === 'targets' ? 'targets' : 'files';
  const result = (await next(command, [uri.toString(), layout, { apply: false }])) as SplitResult | undefined;
  if (!result?.edit) return result;
  const { edit, ...rest } = result;
  const outcome = await applyReviewedEdit(edit, 'Split Dockerfile', uri);
  return { ...rest, applied: outcome.applied, error: outcome.error };
};
