import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const SPLIT_COMMAND = 'dockwright.splitDockerfile';

/**
 * The server's dockwright.splitDockerfile is registered by the language client; from the palette or a menu it
 * gets no argument or a vscode.Uri, so pass the Dockerfile's URI as a string.
 */
export const splitDockerfileMiddleware: Middleware['executeCommand'] = (command, args, next) => {
  if (command !== SPLIT_COMMAND) return next(command, args);
  const [target, ...rest] = args;
  const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Dockwright: open a Dockerfile to split it.');
    return undefined;
  }
  return next(command, [uri.toString(), ...rest]);
};
