import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { EXTENSION_ID, openFile, waitFor } from './util';

suite('activation', () => {
  test('the extension is installed but stays inactive until a Docker file is opened', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from extensionDevelopmentPath`);
    assert.equal(extension.isActive, false, 'activationEvents must not start Dockwright for unrelated workspaces');
  });

  test('opening docker-compose.yml (language "dockercompose") activates Dockwright', async () => {
    const doc = await openFile('docker-compose.yml');
    assert.equal(doc.languageId, 'dockercompose');
    await waitFor('Dockwright to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 30_000);
  });

  test('a Dockerfile opens as language "dockerfile" with the extension active', async () => {
    const doc = await openFile('frontend/Dockerfile');
    assert.equal(doc.languageId, 'dockerfile');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });
});
