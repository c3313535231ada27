import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disabledLanguageFeatures } from '../../client/src/languageFeatures';

test('languageFeatures: auto turns off only what an installed peer provides', () => {
  assert.deepEqual(disabledLanguageFeatures('auto', () => false), []);
  const containerTools = disabledLanguageFeatures('auto', (id) => id === 'ms-azuretools.vscode-containers');
  assert.ok(containerTools.includes('dockerfile.completion') && containerTools.includes('dockerfile.rename') && containerTools.includes('compose.completion') && containerTools.includes('compose.codeLens'));
  assert.ok(!containerTools.includes('compose.rename') && !containerTools.includes('compose.definition') && !containerTools.includes('compose.symbols'));
  const dx = disabledLanguageFeatures(undefined, (id) => id === 'docker.docker');
  assert.ok(dx.includes('compose.rename') && dx.includes('compose.symbols') && !dx.includes('compose.references') && !dx.includes('compose.codeLens'));
  const old = disabledLanguageFeatures('auto', (id) => id === 'ms-azuretools.vscode-docker');
  assert.deepEqual(old, containerTools);
});

test('languageFeatures: on and off ignore the installed extensions', () => {
  assert.deepEqual(disabledLanguageFeatures('on', () => true), []);
  const off = disabledLanguageFeatures('off', () => false);
  assert.ok(off.includes('dockerfile.hover') && off.includes('compose.formatting') && off.includes('compose.codeLens'));
});
