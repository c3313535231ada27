import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from './lspClient';

let client: LspClient;
let dir: string;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-hover-'));
  client = new LspClient();
  const init = await client.initialize(pathToFileURL(dir).toString());
  assert.equal(init.capabilities.hoverProvider, true);
});

after(async () => client.shutdown());

const TEXT = 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base libwebp-dev\nRUN go build -o /out/app .\nFROM alpine:3.22\nCOPY --from=build /out/app /app\nUSER 1001\nCMD ["/app"]\n';

test('hover on FROM, COPY --from and RUN shows the stage graph and packages', async () => {
  const uri = pathToFileURL(path.join(dir, 'Dockerfile')).toString();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: TEXT } });
  const from = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
  assert.equal(from.contents.kind, 'markdown');
  assert.match(from.contents.value, /golang:1\.22-alpine/);
  assert.match(from.contents.value, /copied into later stages:\n  - stage 1: `\/out\/app` → `\/app`/);
  const copy = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 8 } });
  assert.match(copy.contents.value, /Copies from `build` \(stage 0\)/);
  assert.match(copy.contents.value, /produced by line 3/);
  const run = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } });
  assert.match(run.contents.value, /apk: `build-base`, `libwebp-dev`/);
  // No analysis for USER: only the instruction's documentation (dockerfile-language-service), nothing merged above it.
  const docsOnly = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 2 } });
  assert.doesNotMatch(docsOnly.contents.value, /---/);
  assert.match(docsOnly.contents.value, /user name|UID/i);
});

test('syntax validation (DW0xx) follows the Docker-extension notification in auto mode', async () => {
  const uri = pathToFileURL(path.join(dir, 'syntax.Dockerfile')).toString();
  const text = 'FROM alpine:3.22\nUSER 1001\nRUNN echo hi\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const first = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  assert.deepEqual(first.params.diagnostics.map((d: any) => d.code), ['DW001']);
  client.notify('dockwright/environment', { dockerExtensionInstalled: true });
  const second = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length === 0);
  assert.deepEqual(second.params.diagnostics, []);
  client.notify('dockwright/environment', { dockerExtensionInstalled: false });
  const third = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length === 1);
  assert.equal(third.params.diagnostics[0].code, 'DW001');
});

test('BuildKit build checks (DW13x) follow the Docker DX notification in auto mode, not other Docker extensions', async () => {
  const uri = pathToFileURL(path.join(dir, 'buildkit.Dockerfile')).toString();
  const text = 'FROM alpine:3.22 as base\nUSER 1001\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const first = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  assert.deepEqual(first.params.diagnostics.map((d: any) => d.code), ['DW130']);
  client.notify('dockwright/environment', { dockerExtensionInstalled: true, dockerDxInstalled: true });
  const second = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length === 0);
  assert.deepEqual(second.params.diagnostics, []);
  client.notify('dockwright/environment', { dockerExtensionInstalled: true, dockerDxInstalled: false });
  const third = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length === 1);
  assert.equal(third.params.diagnostics[0].code, 'DW130');
  client.notify('dockwright/environment', { dockerExtensionInstalled: false, dockerDxInstalled: false });
});
