// Helpers for suites that run inside the VS Code extension host.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dockwright.dockwright';

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e runner must open a workspace folder (a copy of examples/photos)');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function openFile(relative: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(relative));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export async function writeFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = fileUri(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function readFile(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(relative)));
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function dockwrightDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dockwright');
}

/** Waits until Dockwright reports a diagnostic with `code` for `uri` (diagnostics arrive asynchronously). */
export function waitForDiagnostic(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(`${code} on ${vscode.workspace.asRelativePath(uri)}`, () => dockwrightDiagnostics(uri).find((d) => codeOf(d) === code), timeoutMs);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

/** Code actions VS Code collects from every provider for `range` (Dockwright's come from its language server). */
export async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Reverts every document with unsaved changes (so closing editors never asks), then closes all editors. */
export async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await closeAllEditors();
}

/**
 * Waits (bounded) until the file behind `doc` holds `expected` on disk, saving `doc` whenever it has unsaved
 * changes. The extension host learns that a document became dirty a moment after its new text arrives, so one
 * look at `isDirty` right after an undo is not enough.
 */
export async function saveUntilOnDisk(doc: vscode.TextDocument, expected: string): Promise<void> {
  const relative = vscode.workspace.asRelativePath(doc.uri, false);
  await waitFor(`${relative} to be saved with the restored text`, async () => {
    if (doc.isDirty) await doc.save();
    return (await readFile(relative)) === expected;
  }, 15_000);
}

/**
 * Puts the files the refactoring tests touch back as examples/photos has them (reverting unsaved changes and
 * removing split outputs), so one failing test does not break the next.
 */
export async function restorePhotos(extensionPath: string): Promise<void> {
  await revertAndCloseAll();
  const backend = await vscode.workspace.fs.readDirectory(fileUri('backend'));
  for (const [name] of backend) if (/^Dockerfile\./.test(name)) await vscode.workspace.fs.delete(fileUri(`backend/${name}`));
  // The env files Wire Compose Profiles creates (env/<service>.prod.env).
  await vscode.workspace.fs.delete(fileUri('env'), { recursive: true }).then(undefined, () => undefined);
  const fs = await import('node:fs');
  const path = await import('node:path');
  for (const file of ['backend/Dockerfile', 'docker-compose.yml']) {
    const pristine = fs.readFileSync(path.join(extensionPath, 'examples/photos', file));
    const current = await vscode.workspace.fs.readFile(fileUri(file)).then((b) => Buffer.from(b), () => undefined);
    if (!current || !current.equals(pristine)) await vscode.workspace.fs.writeFile(fileUri(file), pristine);
  }
}

/**
 * Asks the offline runner (run.mjs --screenshot DIR) for a PNG of the workbench as it is now, and waits until it is
 * taken. Does nothing under other runners.
 */
export async function requestScreenshot(name: string): Promise<void> {
  const request = process.env.DOCKWRIGHT_E2E_SCREENSHOT_REQUEST;
  if (!request) return;
  const fs = await import('node:fs');
  fs.writeFileSync(request, name);
  await waitFor(`the runner to take screenshot ${name}`, () => !fs.existsSync(request), 20_000).catch((error) => {
    console.warn(String(error));
  });
}

/** True when the runner can act in the page for the suite (run.mjs; not @vscode/test-electron). */
export function canActInPage(): boolean {
  return Boolean(process.env.DOCKWRIGHT_E2E_UI_REQUEST);
}

export interface PageElement {
  text: string;
  label: string | null;
  /** For checkboxes; null for other elements. */
  checked: boolean | null;
}

type PageRequest = { query: string; waitMs?: number } | { click: string; hasText?: string };

/** Sends one request to the runner (run.mjs), which acts in the workbench page through playwright, and returns its answer. */
async function askPage<T>(request: PageRequest): Promise<T> {
  const file = process.env.DOCKWRIGHT_E2E_UI_REQUEST;
  if (!file) throw new Error('this runner cannot act in the page');
  const fs = await import('node:fs');
  fs.rmSync(`${file}.out`, { force: true });
  fs.writeFileSync(file, JSON.stringify(request));
  await waitFor(`the runner to answer ${JSON.stringify(request)}`, () => !fs.existsSync(file), 40_000);
  const answer = JSON.parse(fs.readFileSync(`${file}.out`, 'utf8')) as T | { error: string };
  fs.rmSync(`${file}.out`, { force: true });
  if (answer && typeof answer === 'object' && 'error' in answer) throw new Error(`runner: ${answer.error}`);
  return answer as T;
}

/** The elements matching a CSS selector in the workbench page (waits up to `waitMs` for a first match). */
export function queryPage(selector: string, waitMs = 0): Promise<PageElement[]> {
  return askPage({ query: selector, waitMs });
}

/** Clicks the first visible element matching `selector` (and containing `hasText`), as a user would. */
export async function clickInPage(selector: string, hasText?: string): Promise<void> {
  await askPage({ click: selector, hasText });
}
