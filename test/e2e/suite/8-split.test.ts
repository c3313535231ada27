import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, canActInPage, clickInPage, closeAllEditors, codeActions, dockwrightDiagnostics, fileUri, openFile, queryPage, readFile, requestScreenshot, restorePhotos, saveUntilOnDisk, waitFor, waitForDiagnostic } from './util';

const SPLIT = 'dockwright.splitDockerfile';
const PROGRAMS = ['server', 'worker', 'scheduler'];

async function exists(relative: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(fileUri(relative));
    return true;
  } catch {
    return false;
  }
}

/**
 * Presses the refactor preview's Apply button like a user (offline runner); under @vscode/test-electron, which
 * cannot act in the page, runs the button's command instead.
 */
async function applyPreview(): Promise<void> {
  if (canActInPage()) await clickInPage('.bulk-edit-panel .buttons .monaco-button', 'Apply');
  else await vscode.commands.executeCommand('refactorPreview.apply');
}

/** The entries (rows and their checkboxes) of the refactor preview, once it shows at least `minimum` checkboxes. */
async function previewEntries(minimum: number): Promise<{ rows: string[]; unticked: number; ticked: number }> {
  return waitFor('the refactor preview to list the split', async () => {
    const boxes = await queryPage('.bulk-edit-panel input.edit-checkbox', 2_000);
    if (boxes.length < minimum) return undefined;
    const rows = await queryPage('.bulk-edit-panel .monaco-list-row');
    return { rows: rows.map((r) => `${r.label ?? ''} ${r.text}`), unticked: boxes.filter((b) => !b.checked).length, ticked: boxes.filter((b) => b.checked).length };
  }, 40_000);
}

/** Answers VS Code's "Would you like to undo … across all files?" with "Undo in N Files" if it is showing. */
async function confirmUndoAcrossFilesIfAsked(): Promise<boolean> {
  if (!canActInPage()) return false;
  const dialogs = await queryPage('.monaco-dialog-box');
  if (!dialogs.some((d) => /undo/i.test(d.text))) return false;
  await clickInPage('.monaco-dialog-box .monaco-button', 'Undo in');
  return true;
}

/** Dockwright's entries in the Problems panel: every URI VS Code holds diagnostics for (preview copies included). */
function problemsCount(): number {
  return vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => d.source === 'dockwright').length, 0);
}

function problemsByFile(): string {
  return vscode.languages.getDiagnostics().map(([uri, list]) => `${uri.toString()}=${list.filter((d) => d.source === 'dockwright').length}`).filter((x) => !x.endsWith('=0')).join(', ');
}

/** Waits until the count stays the same for `quietMs` (diagnostics arrive asynchronously), and returns it. */
async function settledProblems(quietMs = 2_000): Promise<number> {
  let last = problemsCount();
  let since = Date.now();
  return waitFor('the Problems count to settle', () => {
    const now = problemsCount();
    if (now !== last) {
      last = now;
      since = Date.now();
      return undefined;
    }
    return Date.now() - since >= quietMs ? now : undefined;
  }, 30_000);
}

suite('Split Dockerfile', () => {
  let golden = '';
  let extensionPath = '';
  suiteSetup(async () => {
    extensionPath = (await activateExtension()).extensionPath;
    golden = path.join(extensionPath, 'test/golden/split/photos');
  });

  test('the command opens the refactor preview with every entry ticked; Apply writes the seed\'s files and compose; one undo restores everything byte for byte', async function () {
    this.timeout(120_000);
    await restorePhotos(extensionPath);
    const originalDockerfile = await readFile('backend/Dockerfile');
    const originalCompose = await readFile('docker-compose.yml');
    for (const program of PROGRAMS) assert.equal(await exists(`backend/Dockerfile.${program}`), false, `no Dockerfile.${program} before the split`);
    // Both files the split touches are open (as in the trial: Problems showed 5), so their findings are counted.
    await openFile('docker-compose.yml');
    const doc = await openFile('backend/Dockerfile');
    await waitForDiagnostic(doc.uri, 'DW101');
    const problemsBefore = await settledProblems();

    const running = Promise.resolve(vscode.commands.executeCommand<{ applied?: boolean; error?: string }>(SPLIT, doc.uri));
    if (canActInPage()) {
      // 3 creations, the compose file (its text edits are its children) and the deletion of the monolith.
      const preview = await previewEntries(5);
      for (const name of ['Dockerfile.server', 'Dockerfile.worker', 'Dockerfile.scheduler', 'docker-compose.yml', 'Dockerfile']) {
        assert.ok(preview.rows.some((row) => row.includes(name)), `the preview lists ${name}; rows: ${preview.rows.join(' | ')}`);
      }
      assert.equal(preview.unticked, 0, `every preview entry starts ticked; rows: ${preview.rows.join(' | ')}`);
      // The preview's copies (vscode-bulkeditpreview-editor:) are not analysed: Problems does not grow.
      assert.equal(await settledProblems(3_000), problemsBefore, 'the Problems count is the same during the preview');
      if (process.env.DOCKWRIGHT_E2E_SCREENSHOT_REQUEST) await vscode.commands.executeCommand('notifications.clearAll');
      await requestScreenshot('split-preview');
    } else {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    await applyPreview();
    const result = await Promise.race([running, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the split command did not finish within 30 s of Apply')), 30_000))]);
    assert.equal(result?.applied, true, `split applied (${result?.error ?? 'no error'})`);

    // What the seed did by hand: one Dockerfile per program, compose pointing at them, the monolith gone.
    for (const program of PROGRAMS) {
      assert.equal(await readFile(`backend/Dockerfile.${program}`), fs.readFileSync(path.join(golden, `backend/Dockerfile.${program}`), 'utf8'), `backend/Dockerfile.${program}`);
    }
    assert.equal(await exists('backend/Dockerfile'), false, 'the monolith is deleted (nothing else refers to it)');
    // The notes reach the user: a notification after Apply with "Show details" (the notes in the output channel).
    if (canActInPage()) {
      const toast = await waitFor('the "Split Dockerfile applied" notification', async () => {
        const found = await queryPage('.notifications-toasts .notification-toast', 2_000);
        return found.find((t) => /Split Dockerfile applied/.test(t.text));
      }, 20_000);
      assert.match(toast.text, /Show details/);
      await requestScreenshot('split-applied');
    }
    // The deleted monolith's findings go with it.
    await waitFor('the deleted monolith to have no diagnostics', () => dockwrightDiagnostics(doc.uri).length === 0, 20_000);
    // isRefactoring: VS Code saved the rewired compose file (files.refactoring.autoSave defaults to true).
    assert.equal(await readFile('docker-compose.yml'), fs.readFileSync(path.join(golden, 'docker-compose.yml'), 'utf8'), 'rewired compose on disk');

    // One undo, from the compose editor.
    const composeDoc = await openFile('docker-compose.yml');
    await vscode.window.showTextDocument(composeDoc);
    void vscode.commands.executeCommand('undo');
    let confirmed = false;
    await waitFor('one undo to delete the created files and restore the monolith and the compose file', async () => {
      confirmed = (await confirmUndoAcrossFilesIfAsked()) || confirmed;
      for (const program of PROGRAMS) if (await exists(`backend/Dockerfile.${program}`)) return false;
      return (await exists('backend/Dockerfile')) && composeDoc.getText() === originalCompose;
    }, 30_000);
    if (confirmed) console.log('      (VS Code asked to undo across all files; answered "Undo in N Files")');
    assert.equal(await readFile('backend/Dockerfile'), originalDockerfile, 'the monolith is back, byte for byte');
    // Undo changes the compose editor's text; like any undo it leaves saving to the user.
    await saveUntilOnDisk(composeDoc, originalCompose);
    assert.equal(await readFile('docker-compose.yml'), originalCompose, 'compose is back, byte for byte');
    const left = (await vscode.workspace.fs.readDirectory(fileUri('backend'))).map(([name]) => name).filter((n) => n.startsWith('Dockerfile'));
    assert.deepEqual(left, ['Dockerfile'], 'only the monolith is left in backend/');
    // No findings survive on the files Undo deleted: with the monolith open again (Apply closed its editor when it
    // deleted the file), the Problems count is back where it was.
    await openFile('backend/Dockerfile');
    let problemsAfter = -1;
    await waitFor(`the Problems count to return to ${problemsBefore}`, async () => (problemsAfter = await settledProblems()) === problemsBefore, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; it is ${problemsAfter}: ${problemsByFile()}`);
    });
    await closeAllEditors();
  });
  test('DW101\'s "Split into build targets" code action: ticked preview, Apply, one target per program in the one Dockerfile; one undo restores both files', async function () {
    this.timeout(120_000);
    await restorePhotos(extensionPath);
    const originalDockerfile = await readFile('backend/Dockerfile');
    const originalCompose = await readFile('docker-compose.yml');
    const doc = await openFile('backend/Dockerfile');
    const dw101 = await waitForDiagnostic(doc.uri, 'DW101');
    const action = (await codeActions(doc.uri, dw101.range)).find((a) => a.title.startsWith('Split into build targets ('));
    assert.ok(action?.command, 'DW101 offers "Split into build targets" as a command');
    const running = Promise.resolve(vscode.commands.executeCommand<{ applied?: boolean; error?: string }>(action.command.command, ...(action.command.arguments ?? [])));
    if (canActInPage()) {
      // The Dockerfile and the compose file, each with its text edits.
      const preview = await previewEntries(2);
      assert.equal(preview.unticked, 0, `every preview entry starts ticked; rows: ${preview.rows.join(' | ')}`);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    await applyPreview();
    const result = await Promise.race([running, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the split command did not finish within 30 s of Apply')), 30_000))]);
    assert.equal(result?.applied, true, `split applied (${result?.error ?? 'no error'})`);
    assert.equal(await readFile('backend/Dockerfile'), fs.readFileSync(path.join(golden, 'targets/backend/Dockerfile'), 'utf8'));
    assert.equal(await readFile('docker-compose.yml'), fs.readFileSync(path.join(golden, 'targets/docker-compose.yml'), 'utf8'));

    await vscode.window.showTextDocument(doc);
    void vscode.commands.executeCommand('undo');
    const compose = await vscode.workspace.openTextDocument(fileUri('docker-compose.yml'));
    await waitFor('one undo to restore the Dockerfile and the compose file', async () => {
      await confirmUndoAcrossFilesIfAsked();
      return doc.getText() === originalDockerfile && compose.getText() === originalCompose;
    }, 30_000);
    await saveUntilOnDisk(doc, originalDockerfile);
    await saveUntilOnDisk(compose, originalCompose);
    assert.equal(await readFile('backend/Dockerfile'), originalDockerfile, 'Dockerfile back, byte for byte');
    assert.equal(await readFile('docker-compose.yml'), originalCompose, 'compose back, byte for byte');
    await closeAllEditors();
  });
});
