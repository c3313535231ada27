// Runs only in the runner's second session, where the folder opens in restricted mode (workspace trust not granted).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { EXTENSION_ID, openFile, waitFor, waitForDiagnostic } from './util';

suite('untrusted workspace', () => {
  test('the workspace is not trusted in this session', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Dockwright still loads and analyses: DW107 appears on frontend/Dockerfile', async () => {
    const doc = await openFile('frontend/Dockerfile');
    await waitFor('Dockwright to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 30_000);
    const diagnostic = await waitForDiagnostic(doc.uri, 'DW107');
    assert.equal(diagnostic.range.start.line, 7);
  });
});
