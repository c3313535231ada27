/**
 * More client misbehaviour than robustness.test.ts covers: garbage command arguments and request parameters,
 * documents opened twice or changed after closing, a burst of edits with cancelled requests, the inputs the long
 * fuzz run found to be CPU-bound, and a failing compose rule.
 */
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

/** A request's outcome: its result, or the JSON-RPC error code it was rejected with. */
function settle(p: Promise<unknown>): Promise<{ result?: unknown; error?: number }> {
  return p.then(
    (result) => ({ result }),
    (e) => ({ error: e.code }),
  );
}

describe('language server: garbage arguments, stale documents, hostile inputs', () => {
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();
  const open = (name: string, text: string, version = 1, languageId = 'dockerfile') =>
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId, version, text } });

  async function stillWorks(name: string): Promise<void> {
    open(name, 'FROM alpine\n');
    assert.deepEqual(codesOf(await client.waitFor(published(uriOf(name)))), ['DW107', 'DW114']);
    assert.ok(client.alive, client.stderr);
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-misbehave-'));
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(async () => client.shutdown());

  test('commands and requests with garbage arguments or unknown documents are answered, never crash the server', async () => {
    for (const args of [undefined, [], [null], [42], [{ uri: 42 }], ['untitled:x'], [uriOf('missing/Dockerfile')], [uriOf('x/Dockerfile'), 'bogus', 'not options']]) {
      const r = await settle(client.request('workspace/executeCommand', { command: 'dockwright.splitDockerfile', arguments: args }));
      assert.ok(r.error !== undefined || (r.result as { applied?: boolean })?.applied === false, `split ${JSON.stringify(args)}: ${JSON.stringify(r)}`);
    }
    for (const args of [undefined, [null], [{ uri: 5 }], ['file:///nowhere/compose.yaml'], [{ uri: uriOf('compose.yaml'), strategy: 'bogus' }]]) {
      const r = await settle(client.request('workspace/executeCommand', { command: 'dockwright.wireProfiles', arguments: args }));
      assert.ok(r.error !== undefined || (r.result as { applied?: boolean })?.applied === false, `wire ${JSON.stringify(args)}: ${JSON.stringify(r)}`);
    }
    const unknownCommand = await settle(client.request('workspace/executeCommand', { command: 'dockwright.nope', arguments: [1] }));
    assert.ok(unknownCommand.error !== undefined || unknownCommand.result == null);
    for (const params of [null, 5, { active: 'not-a-list' }, { active: [null, 3] }]) {
      const r = await settle(client.request('dockwright/profiles', params));
      assert.ok(r.error !== undefined || Array.isArray(r.result), `profiles ${JSON.stringify(params)}`);
    }
    const position = { line: 0, character: 0 };
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: uriOf('nothing/compose.yaml') }, position }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uriOf('nothing/compose.yaml') }, position }), null);
    // Required fields missing: an error response is fine, a dead server is not.
    await settle(client.request('textDocument/codeAction', { textDocument: { uri: uriOf('nothing/Dockerfile') } }));
    await settle(client.request('textDocument/hover', {}));
    await stillWorks('a/Dockerfile');
  });

  test('a document opened twice follows the second text; after close its diagnostics are cleared and stale changes ignored', async () => {
    const name = 'b/Dockerfile';
    const uri = uriOf(name);
    open(name, 'FROM alpine\n', 1);
    assert.deepEqual(codesOf(await client.waitFor(published(uri, 1))), ['DW107', 'DW114']);
    open(name, 'FROM alpine:3.22\nUSER 1001\nRUN apk add git\n', 2);
    assert.deepEqual(codesOf(await client.waitFor(published(uri, 2))), ['DW106']);
    const before = client.notifications.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitFor((m) => published(uri)(m) && client.notifications.indexOf(m) >= before);
    assert.deepEqual(cleared.params.diagnostics, []);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'FROM alpine\nRUN apk add curl\n' }] });
    await stillWorks('b2/Dockerfile');
    const afterClose = client.notifications.slice(before).filter(published(uri));
    assert.ok(afterClose.every((m) => m.params.diagnostics.length === 0), 'nothing but the clearing is published for a closed document');
  });

  test('a burst of edits with cancelled requests ends on the diagnostics of the last version', async () => {
    const name = 'c/Dockerfile';
    const uri = uriOf(name);
    open(name, 'FROM alpine\n', 1);
    await client.waitFor(published(uri, 1));
    const requests: Promise<unknown>[] = [];
    for (let v = 2; v <= 31; v++) {
      const text = v % 2 ? 'FROM alpine:3.22\nUSER 1001\nRUN apk add git\n' : 'FROM alpine:3.22\nUSER 1001\n';
      client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
      const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
      requests.push(settle(client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })));
      if (v % 3 === 0) client.notify('$/cancelRequest', { id: client.lastRequestId });
    }
    const outcomes = (await Promise.all(requests)) as { result?: unknown; error?: number }[];
    assert.ok(outcomes.every((o) => Array.isArray(o.result) || o.error === -32800), JSON.stringify(outcomes.filter((o) => !Array.isArray(o.result))));
    assert.deepEqual(codesOf(await client.waitFor(published(uri, 31))), ['DW106']);
    await stillWorks('c2/Dockerfile');
  });

  test('inputs the long fuzz run found to be CPU-bound are answered with their diagnostics, and the server goes on', async () => {
    open('d/Dockerfile', '\uFEFF\\\r\nFROM $IMG:${TAG:' + '\\'.repeat(21_494));
    assert.deepEqual(codesOf(await client.waitFor(published(uriOf('d/Dockerfile')))), ['DW092']);
    open('e/Dockerfile', 'FROM node:22 as Builder' + 'a'.repeat(2745) + '$'.repeat(23_426) + 'a'.repeat(19_487) + '\nRUN x\n');
    assert.ok(codesOf(await client.waitFor(published(uriOf('e/Dockerfile')))).includes('DW004'));
    const bomb = ['x-a0: &a0 [' + Array(9).fill(`"lol${'$'.repeat(30_000)}"`).join(',') + ']'];
    for (let i = 1; i <= 3; i++) bomb.push(`x-a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    open('f/docker-compose.yml', bomb.join('\n') + '\nservices:\n  api:\n    image: alpine\n    environment: *a3\n', 1, 'dockercompose');
    await client.waitFor(published(uriOf('f/docker-compose.yml')), 60_000);
    await stillWorks('g/Dockerfile');
  });
});

describe('a failing compose rule is contained', () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-fail-compose-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.22\nUSER 1001\n');
    client = new LspClient(undefined, { ...process.env, DOCKWRIGHT_TEST_FAIL_RULE: 'DW201' });
    await client.initialize(pathToFileURL(dir).toString());
  });
  after(async () => client.shutdown());

  test('DW201 throwing is logged; the other compose rules still report and their fixes are offered', async () => {
    const uri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
        const text = 'services:\n  api:\n    build: .\n    bogus_key: 1\n    ports: ["8080:8080"]\n  web:\n    build: .\n    ports: ["8080:80"]\n';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
    const msg = await client.waitFor(published(uri));
    const found = codesOf(msg);
    // Without the injected failure: DW201 (bogus_key), DW211 (both publish 8080) twice, DW304 twice.
    assert.deepEqual(found, ['DW211', 'DW211', 'DW304', 'DW304']);
    const log = await client.waitFor((m) => m.method === 'window/logMessage' && /rule DW201 failed on compose\.yaml/.test(m.params.message));
    assert.match(log.params.message, /injected failure/);
    const withFix = msg.params.diagnostics.find((d: any) => d.code === 'DW304');
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: withFix.range, context: { diagnostics: [withFix] } });
    assert.ok(actions.length > 0, 'the fix of another rule is still offered');
    assert.ok(client.alive, client.stderr);
  });
});
