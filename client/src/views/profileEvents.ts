import * as vscode from 'vscode';

/**
 * Fired after the Profiles view re-read the projects: the active profiles were chosen, or compose/.env files changed.
 * The Services view listens, so both show the same selection.
 */
export const profilesChanged = new vscode.EventEmitter<void>();
