import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, canActInPage, clickInPage, closeAllEditors, openFile, queryPage, readFile, requestScreenshot, restorePhotos, saveUntilOnDisk, waitFor } from './util';

const WIRE = 'dockwright.wireProfiles';

/** The rows the Profiles view shows in the side bar (label and description), after a refresh. */
async function profileRows(): Promise<string[]> {
  await vscode.commands.executeCommand('dockwright.refreshProfiles');
  const rows = await queryPage('.part.sidebar .monaco-list-row', 5_000);
  return rows.map((r) => r.text.replace(/\s+/g, ' '));
}

suite('Profiles view and Wire Compose Profiles', () => {
  let golden = '';
  let extensionPath = '';
  suiteSetup(async () => {
    extensionPath = (await activateExtension()).extensionPath;
    golden = path.join(extensionPath, 'test/golden/profiles/photos.twins.yml');
  });

  test('wiring (twins) goes through the ticked refactor preview, gives the dev/prod shape, fills the Profiles view; one undo restores compose', async function () {
    if (!canActInPage()) this.skip(); // reads the tree and presses Apply in the page
    this.timeout(120_000);
    await restorePhotos(extensionPath);
    const original = await readFile('docker-compose.yml');
    const compose = await openFile('docker-compose.yml');
    await vscode.commands.executeCommand('workbench.view.extension.dockwright');
    const before = await waitFor('the Profiles view to list docker-compose.yml', async () => {
      const rows = await profileRows();
      return rows.some((r) => r.includes('docker-compose.yml')) && rows.some((r) => r.includes('no profile')) ? rows : undefined;
    });
    assert.ok(!before.some((r) => r.includes('--profile')), `no profiles before wiring: ${before.join(' | ')}`);

    const running = Promise.resolve(vscode.commands.executeCommand<{ applied?: boolean; error?: string }>(WIRE, { uri: compose.uri.toString(), strategy: 'twins' }));
    const boxes = await waitFor('the refactor preview to list the compose edits', async () => {
      const found = await queryPage('.bulk-edit-panel input.edit-checkbox', 2_000);
      return found.length >= 2 ? found : undefined;
    }, 40_000);
    assert.equal(boxes.filter((b) => !b.checked).length, 0, 'every preview entry starts ticked');
    await clickInPage('.bulk-edit-panel .buttons .monaco-button', 'Apply');
    const result = await Promise.race([running, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('wireProfiles did not finish within 30 s of Apply')), 30_000))]);
    assert.equal(result?.applied, true, `profiles wired (${result?.error ?? 'no error'})`);
    assert.equal(compose.getText(), fs.readFileSync(golden, 'utf8'), 'the compose text has the dev/prod shape of the golden file');

    const after = await waitFor('the Profiles view to show the dev and prod profiles', async () => {
      const rows = await profileRows();
      return rows.some((r) => r.includes('--profile dev')) && rows.some((r) => r.includes('--profile prod')) ? rows : undefined;
    });
    assert.ok(after.some((r) => /--profile dev.*2 services/.test(r)), `dev: postgres and redis; rows: ${after.join(' | ')}`);
    assert.ok(after.some((r) => /--profile prod.*7 services/.test(r)), `prod: the twins and the five app services; rows: ${after.join(' | ')}`);
    if (process.env.DOCKWRIGHT_E2E_SCREENSHOT_REQUEST) await vscode.commands.executeCommand('notifications.clearAll');
    await requestScreenshot('profiles-view');

    await vscode.window.showTextDocument(compose);
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to restore the compose file', () => compose.getText() === original, 20_000);
    await saveUntilOnDisk(compose, original);
    assert.equal(await readFile('docker-compose.yml'), original, 'compose on disk is back, byte for byte');
    await waitFor('the Profiles view to drop the profiles again', async () => !(await profileRows()).some((r) => r.includes('--profile')));
    await closeAllEditors();
  });
});
