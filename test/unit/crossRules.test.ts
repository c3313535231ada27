import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toWorkspaceEdit } from '../../server/src/lsp/convert';
import { check, fixAll } from '../helpers';

type Files = Record<string, string>;
const C = 'compose.yaml';
const has = (files: Files, code: string) => check(files, C).filter((f) => f.code === code);

// ---------- DW301
const d301: Files = {
  [C]: 'services:\n  api:\n    build: ./api\n    volumes:\n      - data:/data/photos\nvolumes:\n  data:\n',
  'api/Dockerfile': 'FROM alpine:3.22\nRUN addgroup -S app && adduser -S app -G app\nUSER app\nCMD ["./api"]\n',
};
test('DW301 volume path not created for the non-root user', () => assert.equal(has(d301, 'DW301').length, 1));
test('DW301 path created and chowned', () => assert.deepEqual(has({ ...d301, 'api/Dockerfile': 'FROM alpine:3.22\nRUN mkdir -p /data/photos && chown -R app:app /data\nUSER app\n' }, 'DW301'), []));
test('DW301 root image is fine', () => assert.deepEqual(has({ ...d301, 'api/Dockerfile': 'FROM alpine:3.22\nCMD ["./api"]\n' }, 'DW301'), []));
test('DW301 bind mounts are not judged', () => assert.deepEqual(has({ ...d301, [C]: 'services:\n  api:\n    build: ./api\n    volumes:\n      - ./data:/data/photos\n' }, 'DW301'), []));
test('DW301 fix adds mkdir + chown before USER', () => {
  const out = fixAll(d301, C, 'DW301');
  assert.equal(out['api/Dockerfile'], 'FROM alpine:3.22\nRUN addgroup -S app && adduser -S app -G app\nRUN mkdir -p /data/photos && chown app:app /data/photos\nUSER app\nCMD ["./api"]\n');
});

// ---------- DW302
const d302: Files = { [C]: 'services:\n  api:\n    build:\n      context: .\n      target: prod\n', Dockerfile: 'FROM golang:1.25 AS build\nFROM alpine:3.22 AS runtime\n' };
test('DW302 unknown target', () => assert.match(has(d302, 'DW302')[0].message, /stages: build, runtime/));
test('DW302 known target (any case)', () => assert.deepEqual(has({ ...d302, [C]: d302[C].replace('prod', 'Runtime') }, 'DW302'), []));
test('DW302 fix picks a stage', () => assert.equal(fixAll(d302, C, 'DW302', 1)[C], d302[C].replace('target: prod', 'target: runtime')));

// ---------- DW303
const d303: Files = {
  [C]: 'services:\n  api:\n    build: ./api\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://127.0.0.1:8080/health"]\n',
  'api/Dockerfile': 'FROM alpine:3.22\nUSER app\nEXPOSE 8080\nCMD ["./api"]\n',
};
test('DW303 curl on plain alpine', () => assert.equal(has(d303, 'DW303').length, 1));
test('DW303 curl installed', () => assert.deepEqual(has({ ...d303, 'api/Dockerfile': 'FROM alpine:3.22\nRUN apk add --no-cache curl\nUSER app\n' }, 'DW303'), []));
test('DW303 wget on alpine is busybox', () => assert.deepEqual(has({ ...d303, [C]: d303[C].replace('"curl", "-f"', '"wget", "-qO-"') }, 'DW303'), []));
test('DW303 anything on distroless', () => assert.equal(has({ ...d303, [C]: d303[C].replace('"curl", "-f"', '"wget", "-qO-"'), 'api/Dockerfile': 'FROM gcr.io/distroless/static-debian12\nCMD ["/api"]\n' }, 'DW303').length, 1));
test('DW303 fix switches to wget', () => assert.equal(fixAll(d303, C, 'DW303')[C], d303[C].replace('["CMD", "curl", "-f", "http://127.0.0.1:8080/health"]', '["CMD", "wget", "-qO-", "http://127.0.0.1:8080/health"]')));
test('DW303 fix installs curl', () => assert.equal(fixAll(d303, C, 'DW303', 1)['api/Dockerfile'], 'FROM alpine:3.22\nRUN apk add --no-cache curl\nUSER app\nEXPOSE 8080\nCMD ["./api"]\n'));

// ---------- DW304
const d304: Files = { [C]: 'services:\n  api:\n    build: ./api\n    ports:\n      - "8080:8081"\n', 'api/Dockerfile': 'FROM alpine:3.22\nEXPOSE 8080\nCMD ["./api"]\n' };
test('DW304 published port not exposed', () => assert.match(has(d304, 'DW304')[0].message, /8081.*exposes 8080/));
test('DW304 exposed', () => assert.deepEqual(has({ ...d304, [C]: d304[C].replace('8080:8081', '9000:8080') }, 'DW304'), []));
test('DW304 fix extends EXPOSE', () => assert.equal(fixAll(d304, C, 'DW304')['api/Dockerfile'], 'FROM alpine:3.22\nEXPOSE 8080 8081\nCMD ["./api"]\n'));
test('DW304 is info: publishing works without EXPOSE, and the message says so', () => {
  const [f] = has(d304, 'DW304');
  assert.equal(f.severity, 'info');
  assert.match(f.message, /publishing works without EXPOSE/);
});
// temporalio/docker-compose tls/Dockerfile.auto-setup-tls: `FROM temporalio/${BASEIMAGE}` (auto-setup EXPOSEs 7233).
test('DW304: a base image named by a variable may EXPOSE the port itself: not reported', () =>
  assert.deepEqual(has({ [C]: 'services:\n  temporal:\n    build:\n      context: tls\n      args:\n        BASEIMAGE: auto-setup:1.29\n    ports:\n      - 7233:7233\n', 'tls/Dockerfile': 'ARG BASEIMAGE\nFROM temporalio/${BASEIMAGE}\nUSER temporal\n' }, 'DW304'), []));
test('DW304: an unknown base image may EXPOSE the port itself: not reported', () =>
  assert.deepEqual(has({ ...d304, 'api/Dockerfile': 'FROM example.org/team/server:1.0\nCMD ["./api"]\n' }, 'DW304'), []));
test('DW304: temporalio/auto-setup EXPOSEs 7233 (known base)', () => {
  const files = { [C]: 'services:\n  temporal:\n    build: tls\n    ports:\n      - 7233:7233\n      - 9999:9999\n', 'tls/Dockerfile': 'FROM temporalio/auto-setup:1.29\nUSER temporal\n' };
  assert.deepEqual(has(files, 'DW304').map((f) => f.message.match(/port (\d+)/)?.[1]), ['9999']);
});
test('DW304 fix adds EXPOSE before CMD', () => assert.equal(fixAll({ ...d304, 'api/Dockerfile': 'FROM alpine:3.22\nCMD ["./api"]\n' }, C, 'DW304')['api/Dockerfile'], 'FROM alpine:3.22\nEXPOSE 8081\nCMD ["./api"]\n'));

// ---------- DW305
const d305: Files = {
  [C]: 'services:\n  worker:\n    build: ./app\n    command: ["./worker"]\n',
  'app/Dockerfile': 'FROM golang:1.25 AS build\nRUN go build -o /bin/server ./cmd/server\nFROM alpine:3.22\nWORKDIR /app\nCOPY --from=build /bin/server ./server\nCMD ["./server"]\n',
};
test('DW305 program not in the image', () => assert.match(has(d305, 'DW305')[0].message, /\/app\/worker/));
test('DW305 program copied', () => assert.deepEqual(has({ ...d305, [C]: d305[C].replace('./worker', './server') }, 'DW305'), []));
test('DW305 COPY . . makes it unknowable', () => assert.deepEqual(has({ ...d305, 'app/Dockerfile': 'FROM alpine:3.22\nWORKDIR /app\nCOPY . .\n' }, 'DW305'), []));

// ---------- DW306
test('DW306 context with node_modules and no .dockerignore', () => assert.equal(has({ [C]: 'services:\n  web:\n    build: ./web\n', 'web/Dockerfile': 'FROM node:22\n', 'web/node_modules/x/index.js': '' }, 'DW306').length, 1));
test('DW306 with .dockerignore', () => assert.deepEqual(has({ [C]: 'services:\n  web:\n    build: ./web\n', 'web/Dockerfile': 'FROM node:22\n', 'web/node_modules/x/index.js': '', 'web/.dockerignore': 'node_modules\n' }, 'DW306'), []));
// lightningnetwork/lnd: build: { context: ../ } where build/ is a Go package (build/log.go), not build output.
test('DW306: a build/ folder that holds source files is not build output', () => {
  const files = { [C]: 'services:\n  lnd:\n    build: .\n', Dockerfile: 'FROM golang:1.24\n', 'build/log.go': 'package build\n', 'go.mod': 'module x\n' };
  assert.deepEqual(has(files, 'DW306'), []);
  assert.match(has({ ...files, 'dist/app.js': '' }, 'DW306')[0].message, /contains dist;/);
  const { 'build/log.go': _source, ...noSource } = files;
  assert.match(has({ ...noSource, 'build/app.bin': '' }, 'DW306')[0]?.message ?? '', /contains build;/);
});
test('DW306 clean context', () => assert.deepEqual(has({ [C]: 'services:\n  web:\n    build: ./web\n', 'web/Dockerfile': 'FROM node:22\n' }, 'DW306'), []));
test('DW301 on distroless: reported, no shell fix', () => {
  const f = has({ ...d301, 'api/Dockerfile': 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot:nonroot\nENTRYPOINT ["/api"]\n' }, 'DW301');
  assert.equal(f.length, 1);
  assert.deepEqual(f[0].fixes, []);
  assert.match(f[0].message, /no shell/);
});
test('DW306 fix creates the .dockerignore', () => {
  const files = { [C]: 'services:\n  web:\n    build: ./web\n', 'web/Dockerfile': 'FROM node:22\n', 'web/node_modules/x/index.js': '', 'web/dist/app.js': '' };
  const out = fixAll(files, C, 'DW306');
  assert.equal(out['web/.dockerignore'], '# Not sent to the builder (created by Dockwright)\nnode_modules\ndist\n.git\n.env\n*.log\ndocker-compose*.yml\ncompose*.yaml\n');
});

test('a fix that creates a file becomes CreateFile + insert in the WorkspaceEdit', () => {
  const edit = toWorkspaceEdit({ title: 't', edits: [], creates: [{ path: 'web/.dockerignore', content: 'node_modules\n' }] }, (p: string) => `file:///ws/${p}`)!;
  assert.deepEqual(edit.documentChanges, [
    { kind: 'create', uri: 'file:///ws/web/.dockerignore', options: { overwrite: false, ignoreIfExists: true } },
    { textDocument: { uri: 'file:///ws/web/.dockerignore', version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'node_modules\n' }] },
  ]);
});
