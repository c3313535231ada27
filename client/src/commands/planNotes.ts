import * as vscode from 'vscode';

/**
 * The server's plan notes (why the original Dockerfile is kept, the cgo reasoning per program, what Wire changed)
 * reach the user: every run writes them to the Dockwright output channel, and an applied refactoring ends with a
 * notification whose "Show details" opens that channel. A refusal says why in a warning.
 */
let channel: vscode.OutputChannel | undefined;

export function setNotesChannel(output: vscode.OutputChannel): void {
  channel = output;
}

export const SHOW_DETAILS = 'Show details';

/** Writes `notes` under a header to the output channel. */
export function logNotes(title: string, target: string, notes: readonly string[]): void {
  if (!channel) return;
  channel.appendLine(`[${new Date().toISOString()}] ${title}: ${target}`);
  for (const note of notes) channel.appendLine(`  - ${note}`);
}

/** The message after Apply: what was done, in one line, with "Show details" (the notes in the output channel). */
export async function reportApplied(title: string, target: string, notes: readonly string[]): Promise<void> {
  logNotes(`${title} applied`, target, notes);
  const summary = notes.length ? ` ${notes.length} note${notes.length > 1 ? 's' : ''}: ${truncate(notes[0], 140)}` : '';
  const choice = await vscode.window.showInformationMessage(`Dockwright: ${title} applied.${summary}`, SHOW_DETAILS);
  if (choice === SHOW_DETAILS) channel?.show(true);
}

/** Nothing was changed: say why (the first note, or `reason`), with the rest in the output channel. */
export async function reportNotApplied(title: string, target: string, reason: string, notes: readonly string[] = []): Promise<void> {
  logNotes(`${title} not applied`, target, [reason, ...notes.filter((n) => n !== reason)]);
  const choice = await vscode.window.showWarningMessage(`Dockwright: ${title} — ${truncate(reason, 200)}`, SHOW_DETAILS);
  if (choice === SHOW_DETAILS) channel?.show(true);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
