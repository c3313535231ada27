import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { applyEdits } from '../../server/src/core/text';
import { LspClient } from './lspClient';

let client: LspClient;
let dir: string;
const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
const COMPOSE = 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://127.0.0.1:8080/"]\n    depends_on:\n      - db\n  db:\n    image: postgres:16\n    profiles: ["dev"]\n';
const DOCKERFILE = 'FROM alpine:3.22\nUSER app\nEXPOSE 8080\nCMD ["./api"]\n';
const WITH_CURL = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nUSER app\nEXPOSE 8080\nCMD ["./api"]\n';

const composeDiagnostics = (pred: (codes: string[]) => boolean) =>
  client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uriOf('compose.yaml') && pred(m.params.diagnostics.map((d: any) => d.code)));

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lsp-compose-'));
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  fs.writeFileSync(path.join(dir, 'api/Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(dir, 'api/Dockerfile.alt'), DOCKERFILE);
  fs.writeFileSync(path.join(dir, '.env'), 'COMPOSE_PROFILES=dev\n');
  client = new LspClient();
  await client.initialize(pathToFileURL(dir).toString());
});

after(async () => client.shutdown());

test('compose diagnostics refresh when the Dockerfile changes (open edit, close, on-disk change)', async () => {
  client.notify('textDocument/didOpen', { textDocument: { uri: uriOf('compose.yaml'), languageId: 'dockercompose', version: 1, text: COMPOSE } });
  const first = await composeDiagnostics((codes) => codes.includes('DW303'));
  assert.deepEqual(first.params.diagnostics.map((d: any) => d.code).sort(), ['DW204', 'DW303']);

  // Editing the (open) Dockerfile re-checks the compose file.
  client.notify('textDocument/didOpen', { textDocument: { uri: uriOf('api/Dockerfile'), languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
  client.notify('textDocument/didChange', { textDocument: { uri: uriOf('api/Dockerfile'), version: 2 }, contentChanges: [{ text: WITH_CURL }] });
  await composeDiagnostics((codes) => !codes.includes("DW303"));

  // Closing it without saving: the disk version (no curl) counts again.
  client.notifications.length = 0;
  client.notify('textDocument/didClose', { textDocument: { uri: uriOf('api/Dockerfile') } });
  await composeDiagnostics((codes) => codes.includes("DW303"));

  // A change on disk of a closed file, reported by the file watcher.
  client.notifications.length = 0;
  fs.writeFileSync(path.join(dir, 'api/Dockerfile'), WITH_CURL);
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('api/Dockerfile'), type: 2 }] });
  await composeDiagnostics((codes) => !codes.includes("DW303"));
});

test('completion and hover in compose files', async () => {
  const uri = uriOf('compose.yaml');
  const deps = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 8 } });
  assert.deepEqual(deps.map((i: any) => i.label), ['db']);
  const profiles = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 15 } });
  assert.deepEqual(profiles.map((i: any) => i.label), ['dev']);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 9 } });
  assert.match(hover.contents.value, /postgres:16/);
  assert.match(hover.contents.value, /profiles: `dev`/);
  const profileHover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 16 } });
  assert.match(profileHover.contents.value, /--profile dev` starts: `api`, `db`/);
});

test('build.dockerfile and build.target completions', async () => {
  const uri = uriOf('b/compose.yaml');
  fs.mkdirSync(path.join(dir, 'b'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'b/Dockerfile'), 'FROM golang:1.25 AS build\nFROM alpine:3.22 AS runtime\n');
  fs.writeFileSync(path.join(dir, 'b/Dockerfile.worker'), 'FROM alpine:3.22\n');
  const text = 'services:\n  w:\n    build:\n      context: .\n      dockerfile: \n      target: \n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
  const files = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 18 } });
  assert.deepEqual(files.map((i: any) => i.label).sort(), ['Dockerfile', 'Dockerfile.worker']);
  const stages = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 14 } });
  assert.deepEqual(stages.map((i: any) => i.label), ['build', 'runtime']);
});

test('dockwright/profiles request and the wireProfiles command', async () => {
  const view = await client.request('dockwright/profiles', { active: ['dev'] });
  const file = view[0].files.find((f: any) => f.path === 'compose.yaml');
  assert.deepEqual(file.defaultProfiles, ['dev']);
  assert.deepEqual(file.profiles.map((p: any) => [p.name, p.services.map((s: any) => s.name)]), [['', ['api']], ['dev', ['api', 'db']]]);
  assert.equal(file.profiles[0].services[0].dockerfile, 'api/Dockerfile');
  assert.deepEqual(file.active, ['api', 'db']);

  const result = await client.request('workspace/executeCommand', { command: 'dockwright.wireProfiles', arguments: [{ uri: uriOf('compose.yaml'), apply: false }] });
  assert.equal(result.edit.changeAnnotations.wireProfiles.needsConfirmation, true);
  const change = result.edit.documentChanges[0];
  assert.equal(change.textDocument.uri, uriOf('compose.yaml'));
  assert.ok(change.edits.every((e: any) => e.annotationId === 'wireProfiles'));
  const wired = applyEdits(COMPOSE, change.edits);
  assert.match(wired, /db-prod:/);
  assert.match(wired, /api:\n {4}profiles: \["prod"\]/);
});
