import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, canActInPage, clickAllInPage, closeAllEditors, fileUri, openFile, readFile, requestScreenshot, waitFor, waitForDiagnostic } from './util';

const SPLIT = 'dockwright.splitDockerfile';

async function exists(relative: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(fileUri(relative));
    return true;
  } catch {
    return false;
  }
}

/** The compose text from `  name:` up to the next top-level service (or the end of services). */
function serviceBlock(compose: string, name: string): string {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  assert.ok(start >= 0, `service ${name} in compose`);
  let end = start + 1;
  while (end < lines.length && !/^ {2}\S|^\S/.test(lines[end])) end++;
  return lines.slice(start, end).join('\n');
}

suite('Split Dockerfile', () => {
  let pristineDockerfile = '';
  let pristineCompose = '';
  suiteSetup(async () => {
    await activateExtension();
    pristineDockerfile = await readFile('backend/Dockerfile');
    pristineCompose = await readFile('docker-compose.yml');
  });

  /** Puts examples/photos back as it was, so a retry starts from the same state. */
  async function restorePhotos(): Promise<void> {
    await closeAllEditors();
    for (const program of ['server', 'worker', 'scheduler']) {
      if (await exists(`backend/Dockerfile.${program}`)) await vscode.workspace.fs.delete(fileUri(`backend/Dockerfile.${program}`));
    }
    await vscode.workspace.fs.writeFile(fileUri('backend/Dockerfile'), new TextEncoder().encode(pristineDockerfile));
    await vscode.workspace.fs.writeFile(fileUri('docker-compose.yml'), new TextEncoder().encode(pristineCompose));
  }

  test('the command opens the refactor preview; applying it writes one Dockerfile per program and rewires compose; undo restores the compose file and the monolith', async function () {
    // The preview's entries start unticked (the edit needs confirmation): only a runner that can click can tick them.
    // Opt-in (DOCKWRIGHT_E2E_SPLIT=1) until the split's preview entries start ticked: today every entry carries
    // needsConfirmation, so VS Code shows them unticked and the runner must click each one, which is flaky while the
    // preview tree re-renders on a busy machine.
    if (!canActInPage() || process.env.DOCKWRIGHT_E2E_SPLIT !== '1') this.skip();
    // Ticking the preview's entries by clicking is timing-sensitive while the tree re-renders: retry from a clean copy.
    this.retries(2);
    await restorePhotos();
    const doc = await openFile('backend/Dockerfile');
    await waitForDiagnostic(doc.uri, 'DW101');
    const originalDockerfile = await readFile('backend/Dockerfile');
    const originalCompose = await readFile('docker-compose.yml');

    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand<{ applied?: boolean; error?: string }>(SPLIT, doc.uri)).finally(() => {
      settled = true;
    });
    if (process.env.DOCKWRIGHT_E2E_SCREENSHOT_REQUEST) {
      // Cosmetic only: let the refactor preview render before the picture.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await requestScreenshot('split-preview');
    }
    // The edit needs confirmation, so VS Code holds it in the refactor preview, every entry unticked, until the user
    // ticks the entries and presses Apply.
    await clickAllInPage('.bulk-edit-panel input.edit-checkbox:not(:checked)');
    await waitFor('the refactor preview to apply the split', async () => {
      if (settled) return true;
      await vscode.commands.executeCommand('refactorPreview.apply');
      await new Promise((resolve) => setTimeout(resolve, 250));
      return settled;
    }, 60_000);
    const result = await running;
    assert.equal(result?.applied, true, `split applied (${result?.error ?? 'no error'})`);

    for (const program of ['server', 'worker', 'scheduler']) {
      assert.ok(await exists(`backend/Dockerfile.${program}`), `backend/Dockerfile.${program} created`);
    }
    assert.equal(await exists('backend/Dockerfile'), false, 'the monolith is deleted (nothing else refers to it)');
    const worker = await readFile('backend/Dockerfile.worker');
    assert.match(worker, /CGO_ENABLED=0/);
    assert.doesNotMatch(worker, /libwebp|build-base/);
    const server = await readFile('backend/Dockerfile.server');
    assert.match(server, /libwebp/);
    assert.match(server, /EXPOSE 8080/);

    const compose = await readFile('docker-compose.yml');
    assert.match(serviceBlock(compose, 'backend'), /dockerfile: Dockerfile\.server/);
    assert.match(serviceBlock(compose, 'migrate'), /dockerfile: Dockerfile\.server/);
    assert.match(serviceBlock(compose, 'worker'), /dockerfile: Dockerfile\.worker/);
    assert.doesNotMatch(serviceBlock(compose, 'worker'), /command:/, 'command: equal to the new CMD is removed');
    assert.match(serviceBlock(compose, 'scheduler'), /dockerfile: Dockerfile\.scheduler/);
    assert.equal(serviceBlock(compose, 'frontend'), serviceBlock(originalCompose, 'frontend'), 'the frontend is untouched');

    // Undo from the compose editor reverts the compose rewiring and brings the monolith back.
    const composeDoc = await openFile('docker-compose.yml');
    await vscode.window.showTextDocument(composeDoc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the monolith and the compose file', async () =>
      (await exists('backend/Dockerfile')) && composeDoc.getText() === originalCompose,
    20_000);
    assert.equal(await readFile('backend/Dockerfile'), originalDockerfile);
    // Known gap (reported, not asserted): in VS Code 1.100 one undo leaves some of the created Dockerfile.<program>
    // files behind. Log what is left so a fix shows up in the output.
    const left = [];
    for (const program of ['server', 'worker', 'scheduler']) if (await exists(`backend/Dockerfile.${program}`)) left.push(`Dockerfile.${program}`);
    if (left.length) console.warn(`split undo left behind: ${left.join(', ')}`);
    await closeAllEditors();
  });
});
