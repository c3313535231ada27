import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import { activateExtension, closeAllEditors, codeActions, codeOf, dockwrightDiagnostics, openFile, waitFor, waitForDiagnostic, writeFile } from './util';

async function applyQuickFix(uri: vscode.Uri, code: string, title: string): Promise<void> {
  // A file the suite just wrote can be reloaded from disk after the fix was computed; VS Code then rejects the fix's
  // versioned edit (applyEdit resolves false), as it should. Ask again then, like a user would (at most 3 times).
  let applied = false;
  for (let attempt = 0; attempt < 3 && !applied; attempt++) {
    const diagnostic = await waitForDiagnostic(uri, code);
    const actions = await waitFor(`quick fixes for ${code}`, async () => {
      const found = await codeActions(uri, diagnostic.range);
      return found.some((a) => a.title === title) ? found : undefined;
    }, 10_000).catch(async () => codeActions(uri, diagnostic.range));
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `quick fix "${title}" offered; got: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
    assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(action.edit, 'the quick fix carries a WorkspaceEdit');
    applied = await vscode.workspace.applyEdit(action.edit);
  }
  assert.equal(applied, true, `quick fix "${title}" applied`);
}

suite('quick fixes', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('DW106: "Add --no-cache to apk add" edits the RUN line and the finding goes away', async () => {
    const uri = await writeFile('fix106/Dockerfile', 'FROM alpine:3.22\nRUN apk add curl \\\n    jq\nUSER nobody\n');
    const doc = await openFile('fix106/Dockerfile');
    await applyQuickFix(uri, 'DW106', 'Add --no-cache to apk add');
    assert.equal(doc.getText(), 'FROM alpine:3.22\nRUN apk add --no-cache curl \\\n    jq\nUSER nobody\n');
    await waitFor('DW106 to clear after the fix', () => !dockwrightDiagnostics(uri).some((d) => codeOf(d) === 'DW106'));
    assert.equal(await doc.save(), true);
  });

  test('DW107: "Create a non-root user and switch to it" inserts the user lines before CMD', async () => {
    const uri = await writeFile('api/Dockerfile', 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n');
    const doc = await openFile('api/Dockerfile');
    await applyQuickFix(uri, 'DW107', 'Create a non-root user and switch to it');
    assert.equal(
      doc.getText(),
      'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN addgroup -S -g 1001 app && adduser -S -u 1001 -G app app\nUSER app\nCMD ["curl", "--version"]\n',
    );
    await waitFor('DW107 to clear after the fix', () => !dockwrightDiagnostics(uri).some((d) => codeOf(d) === 'DW107'));
    assert.equal(await doc.save(), true);
  });

  test('DW107 on nginx: switching to nginx-unprivileged edits the FROM line, and undo restores the file', async () => {
    const doc = await openFile('frontend/Dockerfile');
    const original = doc.getText();
    await applyQuickFix(doc.uri, 'DW107', 'Use nginxinc/nginx-unprivileged (listens on 8080: update your nginx config and published ports)');
    assert.equal(doc.lineAt(7).text, 'FROM nginxinc/nginx-unprivileged:1.27-alpine');
    await waitFor('DW107 to clear after the fix', () => !dockwrightDiagnostics(doc.uri).some((d) => codeOf(d) === 'DW107'));

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the Dockerfile', () => doc.getText() === original, 10_000);
    await waitForDiagnostic(doc.uri, 'DW107');
    await closeAllEditors();
  });
});
