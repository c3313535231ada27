import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { LspClient } from './lspClient';

const codesOf = (msg: any) => msg.params.diagnostics.map((d: any) => d.code).sort();
const published = (uri: string, version?: number) => (m: any) =>
  m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version);

describe('language server under client misbehaviour', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const open = (name: string, text: string, version = 1) =>
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'dockerfile', version, text } });

  /** The server still answers and analyses: open a fresh file and wait for its diagnostics. */
  async function stillWorks(name: string): Promise<void> {
    open(name, 'FROM alpine\n');
    const msg = await client.waitFor(published(uriOf(name)));
    assert.deepEqual(codesOf(msg), ['DW107', 'DW114']);
    assert.ok(client.alive, client.stderr);
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-robust-'));
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(async () => client.shutdown());

  test('changes and closes for documents that were never opened are ignored', async () => {
    const ghost = uriOf('ghost/Dockerfile');
    client.notify('textDocument/didChange', { textDocument: { uri: ghost, version: 7 }, contentChanges: [{ text: 'FROM x\n' }] });
    client.notify('textDocument/didChange', {
      textDocument: { uri: ghost, version: 8 },
      contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: 100, character: 5 } }, text: 'x' }],
    });
    client.notify('textDocument/didClose', { textDocument: { uri: ghost } });
    client.notify('textDocument/didSave', { textDocument: { uri: ghost } });
    await stillWorks('a/Dockerfile');
    assert.equal(client.notifications.some(published(ghost)), false);
  });

  test('requests for closed or unknown documents return empty results', async () => {
    const name = 'b/Dockerfile';
    open(name, 'FROM alpine\nRUN apk add git\n');
    await client.waitFor(published(uriOf(name)));
    client.notify('textDocument/didClose', { textDocument: { uri: uriOf(name) } });
    const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: uriOf(name) }, range, context: { diagnostics: [] } }), []);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: 'untitled:nothing' }, range, context: { diagnostics: [] } }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uriOf(name) }, position: range.start }), null);
    await stillWorks('b2/Dockerfile');
  });

  test('out-of-order versions: the server follows the last change it received and never crashes', async () => {
    const name = 'c/Dockerfile';
    const uri = uriOf(name);
    open(name, 'FROM alpine\n', 5);
    await client.waitFor(published(uri, 5));
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'FROM alpine:3.22\nUSER 1001\n' }] });
    const older = await client.waitFor(published(uri, 3));
    assert.deepEqual(codesOf(older), []);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: 5, character: 0 }, end: { line: 2, character: 0 } }, text: 'RUN apk add git\n' }] });
    const later = await client.waitFor(published(uri, 9));
    assert.deepEqual(codesOf(later), ['DW106']);
    await stillWorks('c2/Dockerfile');
  });

  test('a cancelled request is answered (result or RequestCancelled) and the server goes on', async () => {
    const name = 'd/Dockerfile';
    open(name, 'FROM alpine\nRUN apk add git\n');
    await client.waitFor(published(uriOf(name)));
    const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
    const pending = client.request('textDocument/codeAction', { textDocument: { uri: uriOf(name) }, range, context: { diagnostics: [] } });
    client.notify('$/cancelRequest', { id: client.lastRequestId });
    client.notify('$/cancelRequest', { id: 987654 });
    const outcome = await pending.then(
      (r) => ({ ok: Array.isArray(r) }),
      (e) => ({ ok: e.code === -32800 }),
    );
    assert.ok(outcome.ok);
    await stillWorks('d2/Dockerfile');
  });

  test('garbage parameters, unknown methods, binary and huge documents do not take the server down', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf('e/Dockerfile'), languageId: 'dockerfile', version: 1, text: null } });
    client.notify('textDocument/didOpen', {});
    client.notify('dockwright/unknownNotification', { x: 1 });
    await assert.rejects(client.request('dockwright/unknownRequest', {}), (e: any) => e.code === -32601);
    open('bin/Dockerfile', 'FROM alpine\0\u0001\n');
    assert.deepEqual(codesOf(await client.waitFor(published(uriOf('bin/Dockerfile')))), ['DW091']);
    open('big/Dockerfile', 'FROM alpine\n' + '# filler\n'.repeat(260_000));
    assert.deepEqual(codesOf(await client.waitFor(published(uriOf('big/Dockerfile')))), ['DW090']);
    await stillWorks('e2/Dockerfile');
  });
});

describe('a failing rule is contained', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-fail-'));
    client = new LspClient(undefined, { ...process.env, DOCKWRIGHT_TEST_FAIL_RULE: 'DW114' });
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(async () => client.shutdown());

  test('the failure is logged with the rule code and the other rules still deliver', async () => {
    const uri = pathToFileURL(path.join(dir, 'Dockerfile')).toString();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM alpine\nRUN apk add git\n' } });
    const msg = await client.waitFor(published(uri));
    assert.deepEqual(codesOf(msg), ['DW106', 'DW107']);
    const log = await client.waitFor((m) => m.method === 'window/logMessage' && /rule DW114 failed on Dockerfile/.test(m.params.message));
    assert.equal(log.params.type, 1);
    assert.match(log.params.message, /injected failure/);
  });
});
