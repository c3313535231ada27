import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits } from '../../server/src/core/text';
import { LspClient } from './lspClient';

const ROOT = path.resolve(__dirname, '../..');
let client: LspClient;
let dir: string;
let dockerfileUri: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-split-'));
  fs.cpSync(path.join(ROOT, 'examples/photos'), dir, { recursive: true });
  dockerfileUri = pathToFileURL(path.join(dir, 'backend/Dockerfile')).toString();
  client = new LspClient();
  const init = await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).toString(),
    workspaceFolders: [{ uri: pathToFileURL(dir).toString(), name: 'photos' }],
    capabilities: {
      workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], changeAnnotationSupport: { groupsOnLabel: true } } },
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
  });
  assert.ok(init.capabilities.executeCommandProvider.commands.includes('dockwright.splitDockerfile'));
  client.notify('initialized', {});
});

after(async () => client.shutdown());

test('DW101 code actions carry the split command with the Dockerfile URI', async () => {
  const text = fs.readFileSync(path.join(dir, 'backend/Dockerfile'), 'utf8');
  client.notify('textDocument/didOpen', { textDocument: { uri: dockerfileUri, languageId: 'dockerfile', version: 3, text } });
  const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === dockerfileUri);
  const dw101 = published.params.diagnostics.find((d: any) => d.code === 'DW101');
  assert.ok(dw101, JSON.stringify(published.params.diagnostics));
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: dockerfileUri }, range: dw101.range, context: { diagnostics: [dw101] } });
  assert.deepEqual(
    actions.map((a: any) => [a.title, a.command?.command, a.command?.arguments]),
    [
      // The titles say what each leaves behind: files vs build targets.
      ['Split Dockerfile into one file per program (Dockerfile.<program>; compose points at each)', 'dockwright.splitDockerfile', [dockerfileUri, 'files']],
      ['Split into build targets (one Dockerfile, a stage per program; compose picks it with target:)', 'dockwright.splitDockerfile', [dockerfileUri, 'targets']],
      ['Disable DW101 for this line', undefined, undefined],
      ['Disable DW101 for this file', undefined, undefined],
      ['Show documentation for DW101', 'dockwright.showRuleDocs', ['DW101']],
    ],
  );
});

test('workspace/executeCommand dockwright.splitDockerfile sends one annotated WorkspaceEdit: create, edit, delete', async () => {
  const result = await client.request('workspace/executeCommand', { command: 'dockwright.splitDockerfile', arguments: [dockerfileUri] });
  assert.equal(result.applied, true, JSON.stringify(result));
  const applyEdit = client.serverRequests.find((r) => r.method === 'workspace/applyEdit');
  assert.ok(applyEdit);
  const edit = applyEdit.params.edit;
  assert.equal(edit.changeAnnotations['dockwright.split'].needsConfirmation, true);
  assert.match(edit.changeAnnotations['dockwright.split'].description, /worker/);
  const changes = edit.documentChanges;
  const creates = changes.filter((c: any) => c.kind === 'create');
  const deletes = changes.filter((c: any) => c.kind === 'delete');
  const textEdits = changes.filter((c: any) => c.textDocument);
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
  assert.deepEqual(creates.map((c: any) => c.uri), [uri('backend/Dockerfile.server'), uri('backend/Dockerfile.worker'), uri('backend/Dockerfile.scheduler')]);
  // Every entry is under the split's annotation, or a per-file one (`dockwright.split/<path>`) whose description is
  // the notes about that file; all need confirmation, so the preview opens.
  const ofSplit = (id: string) => id === 'dockwright.split' || id.startsWith('dockwright.split/');
  assert.ok(creates.every((c: any) => ofSplit(c.annotationId) && c.options.overwrite === false));
  for (const [id, a] of Object.entries<any>(edit.changeAnnotations)) {
    assert.ok(ofSplit(id), id);
    assert.equal(a.needsConfirmation, true);
    if (id !== 'dockwright.split') assert.ok(a.description.length > 0);
  }
  assert.deepEqual(deletes.map((d: any) => d.uri), [uri('backend/Dockerfile')]);
  for (const change of changes) {
    assert.ok(change.uri?.startsWith(pathToFileURL(dir).toString()) || change.textDocument.uri.startsWith(pathToFileURL(dir).toString()));
  }
  // Every created file's content matches the golden output; the compose edit reproduces the golden compose.
  for (const name of ['server', 'worker', 'scheduler']) {
    const te = textEdits.find((t: any) => t.textDocument.uri === uri(`backend/Dockerfile.${name}`));
    assert.ok(ofSplit(te.edits[0].annotationId));
    assert.equal(te.edits[0].newText, fs.readFileSync(path.join(ROOT, `test/golden/split/photos/backend/Dockerfile.${name}`), 'utf8'));
  }
  const compose = textEdits.find((t: any) => t.textDocument.uri === uri('docker-compose.yml'));
  assert.equal(compose.textDocument.version, null);
  assert.equal(applyEdits(fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'), compose.edits), fs.readFileSync(path.join(ROOT, 'test/golden/split/photos/docker-compose.yml'), 'utf8'));
  // The server itself wrote nothing: the editor applies the edit.
  assert.ok(!fs.existsSync(path.join(dir, 'backend/Dockerfile.worker')));
});

test('with { apply: false } the command returns the same edit instead of sending workspace/applyEdit (the VS Code client applies it)', async () => {
  const before = client.serverRequests.filter((r) => r.method === 'workspace/applyEdit').length;
  const result = await client.request('workspace/executeCommand', { command: 'dockwright.splitDockerfile', arguments: [dockerfileUri, 'files', { apply: false }] });
  assert.equal(result.applied, false);
  assert.equal(client.serverRequests.filter((r) => r.method === 'workspace/applyEdit').length, before);
  const sent = client.serverRequests.find((r) => r.method === 'workspace/applyEdit').params.edit;
  assert.deepEqual(result.edit, sent);
  assert.match(result.notes.join('\n'), /worker/);
});

test('executeCommand on a Dockerfile that is not a monolith applies nothing and says why', async () => {
  fs.writeFileSync(path.join(dir, 'frontend/Dockerfile.single'), 'FROM alpine:3.22\nCMD ["sh"]\n');
  const before = client.serverRequests.filter((r) => r.method === 'workspace/applyEdit').length;
  const result = await client.request('workspace/executeCommand', { command: 'dockwright.splitDockerfile', arguments: [pathToFileURL(path.join(dir, 'frontend/Dockerfile.single')).toString(), 'targets'] });
  assert.equal(result.applied, false);
  assert.match(result.notMonolithReason, /no program/);
  assert.equal(client.serverRequests.filter((r) => r.method === 'workspace/applyEdit').length, before);
});

test('executeCommand refuses a Dockerfile outside the workspace folder', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-outside-'));
  fs.writeFileSync(path.join(outside, 'Dockerfile'), 'FROM alpine:3.22\n');
  const result = await client.request('workspace/executeCommand', { command: 'dockwright.splitDockerfile', arguments: [pathToFileURL(path.join(outside, 'Dockerfile')).toString()] });
  assert.equal(result.applied, false);
  assert.match(result.error, /not in a workspace folder|outside/);
});
