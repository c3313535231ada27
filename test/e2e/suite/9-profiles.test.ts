import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, canActInPage, clickInPage, closeAllEditors, openFile, queryPage, readFile, requestScreenshot, restorePhotos, saveUntilOnDisk, waitFor } from './util';

const WIRE = 'dockwright.wireProfiles';

/**
 * A Compose that can run `config` here without a daemon: the modern engine route's v2 plugin (test/engine/engine.sh
 * install), else docker-compose v1 (which does not filter `config` by profile but interpolates the same way), else
 * none (the assertion is skipped with a note; the engine tests cover it).
 */
function composeConfigCommand(): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } | undefined {
  const v2 = '/tmp/dw-engine/root/usr/bin/docker';
  if (fs.existsSync(v2) && fs.existsSync('/tmp/dw-engine/cfg/cli-plugins/docker-compose')) return { cmd: v2, args: ['compose'], env: { DOCKER_CONFIG: '/tmp/dw-engine/cfg' } };
  if (fs.existsSync('/usr/bin/docker-compose')) return { cmd: '/usr/bin/docker-compose', args: [], env: {} };
  return undefined;
}

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
    const envFiles = fs.readdirSync(path.join(extensionPath, 'test/golden/profiles/photos.twins.created/env'));
    for (const f of envFiles) {
      assert.equal(await readFile(`env/${f}`), fs.readFileSync(path.join(extensionPath, 'test/golden/profiles/photos.twins.created/env', f), 'utf8'), `env/${f} created`);
    }
    // The notes reach the user: a notification after Apply with "Show details".
    const toast = await waitFor('the "Wire Compose Profiles applied" notification', async () => {
      const found = await queryPage('.notifications-toasts .notification-toast', 2_000);
      return found.find((t) => /Wire Compose Profiles applied/.test(t.text));
    }, 20_000);
    assert.match(toast.text, /Show details/);
    // `--profile dev config` works in an empty environment (no POSTGRES_PASSWORD, no JWT_SECRET).
    await compose.save();
    const engine = composeConfigCommand();
    if (engine) {
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync(engine.cmd, [...engine.args, '--profile', 'dev', 'config', '--services'], { cwd: path.dirname(compose.uri.fsPath), env: { PATH: process.env.PATH, ...engine.env }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `--profile dev config after wiring: ${r.stderr}`);
      assert.match(r.stdout, /^postgres$/m);
    } else console.log('      (no Compose binary here: `--profile dev config` not run; see test/engine/profilesWiring.test.ts)');

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
    await waitFor('one undo to restore the compose file and delete the env files', async () => {
      if (compose.getText() !== original) return false;
      for (const f of envFiles) if (fs.existsSync(path.join(path.dirname(compose.uri.fsPath), 'env', f))) return false;
      return true;
    }, 20_000);
    await saveUntilOnDisk(compose, original);
    assert.equal(await readFile('docker-compose.yml'), original, 'compose on disk is back, byte for byte');
    await waitFor('the Profiles view to drop the profiles again', async () => !(await profileRows()).some((r) => r.includes('--profile')));
    await closeAllEditors();
  });
});
