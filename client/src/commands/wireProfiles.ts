import * as vscode from 'vscode';
import type { WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ExecuteCommandMiddleware } from '../lsp/client';
import { logNotes, reportApplied, reportNotApplied } from './planNotes';
import { applyReviewedEdit } from './reviewedEdit';

import { WIRE_PROFILES_COMMAND } from '../lsp/serverCommands';


/**
 * The language client registers `dockwright.wireProfiles` (the server's command). From the command palette it gets
 * no arguments: fill in the active compose file (or let the user pick one) and the strategy, then show the notes.
 * The server only plans (`apply: false`); the edit is applied here (see reviewedEdit.ts), so the refactor preview
 * opens with its entries ticked and one undo reverts it.
 */
export const wireProfilesMiddleware: ExecuteCommandMiddleware = async (command, args, next) => {
  if (command !== WIRE_PROFILES_COMMAND) return next(command, args);
  // A URI string comes from a finding's fix (DW205/206/207: the core's `{ workspacePath }`, mapped to a URI by the server).
  let arg = (typeof args[0] === 'string' ? { uri: args[0] } : args[0]) as { uri?: string; strategy?: string } | vscode.Uri | undefined;
  let uri = arg instanceof vscode.Uri ? arg.toString() : arg?.uri;
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(active.uri.path)) uri = active.uri.toString();
    else {
      const files = await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yml,yaml}', '**/node_modules/**', 50);
      const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Compose file to wire' });
      if (!pick) return undefined;
      uri = pick.uri.toString();
    }
  }
  let strategy = arg && !(arg instanceof vscode.Uri) ? arg.strategy : undefined;
  if (!strategy) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'twins', description: 'dev infra with host ports + a -prod twin per database/cache (recommended)' },
        { label: 'shared', description: 'one infra service in both profiles, ports bound to 127.0.0.1' },
      ],
      { title: 'How should infrastructure be shared between dev and prod?' },
    );
    if (!pick) return undefined;
    strategy = pick.label;
  }
  const callerApplies = arg && !(arg instanceof vscode.Uri) && (arg as { apply?: boolean }).apply === false;
  arg = { uri, strategy };
  const result = (await next(command, [{ ...arg, apply: false }])) as { notes?: string[]; applied?: boolean; edit?: LspWorkspaceEdit; error?: string } | undefined;
  const target = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
  if (!result?.edit) {
    if (result) void reportNotApplied('Wire Compose Profiles', target, result.notes?.join(' ') || result.error || 'Nothing to change.');
    return result;
  }
  if (callerApplies) {
    logNotes('Wire Compose Profiles (planned)', target, result.notes ?? []);
    return result;
  }
  const outcome = await applyReviewedEdit(result.edit, 'Wire Compose Profiles', vscode.Uri.parse(uri));
  if (outcome.applied) {
    void vscode.commands.executeCommand('dockwright.refreshProfiles');
    void reportApplied('Wire Compose Profiles', target, result.notes ?? []);
  } else logNotes('Wire Compose Profiles not applied', target, [outcome.error ?? 'preview discarded', ...(result.notes ?? [])]);
  return { ...result, applied: outcome.applied, error: outcome.error };
};
