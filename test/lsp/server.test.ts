import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits } from '../../server/src/core/text';
import { ruleDocsHref } from '../../server/src/lsp/convert';
import { LspClient } from './lspClient';

let client: LspClient;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-'));
  fs.writeFileSync(path.join(dir, 'other.Dockerfile'), 'FROM alpine:3.22\n');
  client = new LspClient();
  const init = await client.initialize(pathToFileURL(dir).toString());
  assert.ok(init.capabilities.codeActionProvider);
});

after(async () => client.shutdown());

test('diagnostics with code, source and codeDescription, then a quick fix over the protocol', async () => {
  const uri = pathToFileURL(path.join(dir, 'Dockerfile')).toString();
  const text = 'FROM alpine\nRUN apk add git\nCMD ["git"]\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  const diagnostics = published.params.diagnostics;
  assert.deepEqual(diagnostics.map((d: any) => d.code).sort(), ['DW106', 'DW107', 'DW114']);
  for (const d of diagnostics) {
    assert.equal(d.source, 'dockwright');
    assert.match(d.codeDescription.href, new RegExp(`${d.code}\\.md$`));
  }
  const dw106 = diagnostics.find((d: any) => d.code === 'DW106');
  assert.deepEqual(dw106.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 11 } });

  const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: dw106.range, context: { diagnostics: [dw106] } });
  // The rule's fix first, then the actions every finding gets.
  assert.deepEqual(actions.map((a: any) => a.title), ['Add --no-cache to apk add', 'Disable DW106 for this line', 'Disable DW106 for this file', 'Show documentation for DW106']);
  assert.equal(actions[0].kind, 'quickfix');
  const edits = actions[0].edit.changes[uri];
  assert.equal(applyEdits(text, edits), 'FROM alpine\nRUN apk add --no-cache git\nCMD ["git"]\n');

  const dw114 = diagnostics.find((d: any) => d.code === 'DW114');
  const pin = await client.request('textDocument/codeAction', { textDocument: { uri }, range: dw114.range, context: { diagnostics: [dw114] } });
  assert.equal(pin[0].title, 'Pin alpine to :3.22 (used elsewhere in the workspace)');

  // Editing the document updates the diagnostics.
  client.notify('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, text: ' --no-cache' }],
  });
  const updated = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 2);
  assert.deepEqual(updated.params.diagnostics.map((d: any) => d.code).sort(), ['DW107', 'DW114']);
});

test('untitled documents are analysed on their own', async () => {
  const uri = 'untitled:Untitled-1';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM node:latest\nUSER node\n' } });
  const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  assert.deepEqual(published.params.diagnostics.map((d: any) => d.code), ['DW114']);
});

test('preview copies (other schemes) are not analysed; a deleted file loses its diagnostics', async () => {
  const text = 'FROM alpine\nRUN apk add git\nCMD ["git"]\n';
  const real = pathToFileURL(path.join(dir, 'Dockerfile.gone')).toString();
  fs.writeFileSync(path.join(dir, 'Dockerfile.gone'), text);
  const preview = `vscode-bulkeditpreview-editor:${path.join(dir, 'Dockerfile.preview')}?1`;
  client.notify('textDocument/didOpen', { textDocument: { uri: preview, languageId: 'dockerfile', version: 1, text } });
  client.notify('textDocument/didOpen', { textDocument: { uri: real, languageId: 'dockerfile', version: 1, text } });
  const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === real);
  assert.ok(published.params.diagnostics.length > 0);
  // The preview copy was opened first, so its diagnostics would have been sent by now.
  assert.equal(client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === preview && m.params.diagnostics.length > 0).length, 0);
  const hover = await client.request('textDocument/hover', { textDocument: { uri: preview }, position: { line: 1, character: 5 } });
  assert.equal(hover, null);

  // The file is deleted on disk (Split's Apply, or Undo of the files it created) while its document stays open.
  const before = client.notifications.length;
  fs.rmSync(path.join(dir, 'Dockerfile.gone'));
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: real, type: 3 }] });
  const cleared = await client.waitFor((m) => client.notifications.indexOf(m) >= before && m.method === 'textDocument/publishDiagnostics' && m.params.uri === real);
  assert.deepEqual(cleared.params.diagnostics, []);
  // …and a later re-check (any other change) does not bring them back.
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'other.Dockerfile')).toString(), type: 2 }] });
  await new Promise((r) => setTimeout(r, 500));
  const after = client.notifications.filter((m, i) => i > client.notifications.indexOf(cleared) && m.method === 'textDocument/publishDiagnostics' && m.params.uri === real);
  assert.ok(after.every((m) => m.params.diagnostics.length === 0), JSON.stringify(after));
  // Back on disk (Undo of the deletion) and reopened, before any Created event: analysed again.
  fs.writeFileSync(path.join(dir, 'Dockerfile.gone'), text);
  client.notify('textDocument/didClose', { textDocument: { uri: real } });
  client.notify('textDocument/didOpen', { textDocument: { uri: real, languageId: 'dockerfile', version: 5, text } });
  await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === real && m.params.diagnostics.length > 0 && client.notifications.indexOf(m) > client.notifications.indexOf(cleared));
});

test('rule links point at the rule page shipped with the extension (works offline), else the published one', () => {
  const shipped = ruleDocsHref('DW213', path.resolve(__dirname, '../../docs/rules'));
  assert.equal(shipped, pathToFileURL(path.resolve(__dirname, '../../docs/rules/DW213.md')).toString());
  assert.match(ruleDocsHref('DW213', path.join(dir, 'no-docs-here')), /^https:\/\/.*DW213\.md$/);
  // The .vsix ships docs/rules next to dist/ (see .vscodeignore), which is where the bundled server looks.
  assert.match(fs.readFileSync(path.resolve(__dirname, '../../.vscodeignore'), 'utf8'), /^!docs\/rules\/\*\*$/m);
});
