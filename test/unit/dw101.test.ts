import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { planSplit } from '../../server/src/core/split';
import { applyEdits } from '../../server/src/core/text';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { check, codes, readTree } from '../helpers';

const ROOT = path.resolve(__dirname, '../..');

function photos(): Record<string, string> {
  return readTree(path.join(ROOT, 'examples/photos'));
}

const two = {
  'go.mod': 'module example.com/a\n\ngo 1.22\n',
  'cmd/a/main.go': 'package main\nfunc main() {}\n',
  'cmd/b/main.go': 'package main\nfunc main() {}\n',
};

test('DW101 on the photos monolith: message names programs, services and the cgo difference; two command fixes', () => {
  const findings = check(photos(), 'backend/Dockerfile').filter((f) => f.code === 'DW101');
  assert.equal(findings.length, 1);
  const f = findings[0];
  assert.equal(f.severity, 'info');
  assert.deepEqual(f.range.start, { line: 7, character: 0 });
  assert.match(f.message, /3 programs \(server, worker, scheduler\)/);
  assert.match(f.message, /server \(migrate, backend\)/);
  // A service named like its program is not repeated ("worker (worker)").
  assert.match(f.message, /, worker, scheduler from it\./);
  assert.doesNotMatch(f.message, /\b(\w+) \(\1\)/);
  assert.match(f.message, /worker is pure Go/);
  assert.deepEqual(f.fixes.map((x) => x.title), ['Split Dockerfile', 'Split into build targets']);
  assert.deepEqual(f.fixes[0].command, { id: 'dockwright.splitDockerfile', arguments: [{ workspacePath: 'backend/Dockerfile' }, 'files'] });
  assert.deepEqual(f.fixes[1].command?.arguments[1], 'targets');
});

test('DW101 fix applied (the split) and re-checked: no DW101 and no new codes in the new files', () => {
  const files = photos();
  const before = new Set(codes(check(files, 'backend/Dockerfile')));
  const { plan } = planSplit(new MemoryWorkspace(files), 'backend/Dockerfile');
  const after: Record<string, string> = { ...files };
  for (const c of plan.creates) after[c.path] = c.content;
  for (const e of plan.edits) after[e.path] = applyEdits(after[e.path], e.edits);
  for (const d of plan.deletes) delete after[d.path];
  for (const c of plan.creates) {
    const got = codes(check(after, c.path));
    assert.ok(!got.includes('DW101'), `${c.path} still DW101`);
    for (const code of got) assert.ok(before.has(code), `${c.path}: new ${code}`);
  }
  const targets = planSplit(new MemoryWorkspace(files), 'backend/Dockerfile', { layout: 'targets' });
  const merged = applyEdits(files['backend/Dockerfile'], targets.plan.edits.find((e) => e.path === 'backend/Dockerfile')!.edits);
  const t: Record<string, string> = { ...files, 'backend/Dockerfile': merged };
  for (const e of targets.plan.edits) if (e.path !== 'backend/Dockerfile') t[e.path] = applyEdits(files[e.path], e.edits);
  for (const code of codes(check(t, 'backend/Dockerfile'))) assert.ok(before.has(code), `targets layout: new ${code}`);
});

test('DW101 on two programs without compose: only when docs or scripts run the other program from the image', () => {
  const files = { ...two, Dockerfile: 'FROM golang:1.22-alpine AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /o/a ./cmd/a && go build -o /o/b ./cmd/b\nFROM alpine:3.20\nCOPY --from=b /o/ /usr/local/bin/\nUSER 1001\nCMD ["a"]\n' };
  assert.ok(!codes(check(files, 'Dockerfile')).includes('DW101'), 'the image runs a; nothing runs b');
  assert.match(planSplit(new MemoryWorkspace(files), 'Dockerfile').notMonolithReason ?? '', /a is the one program the image runs .*b ships with it/);
  const documented = { ...files, 'README.md': '```sh\ndocker run -d example/a\ndocker run -d example/a b --interval 5m\n```\n' };
  assert.ok(codes(check(documented, 'Dockerfile')).includes('DW101'));
  const commented = { ...files, 'deploy.sh': '#!/bin/sh\n# docker run -d example/a b\n' };
  assert.ok(!codes(check(commented, 'Dockerfile')).includes('DW101'), 'a commented-out docker run is no evidence');
});

test('DW101 not for one program, ARG-parametrised builds, or a daemon with its CLI', () => {
  const one = { ...two, Dockerfile: 'FROM golang:1.22-alpine AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /o/a ./cmd/a\nFROM alpine:3.20\nCOPY --from=b /o/a /a\nUSER 1001\nCMD ["/a"]\n' };
  assert.ok(!codes(check(one, 'Dockerfile')).includes('DW101'));
  const arg = { ...two, Dockerfile: 'FROM golang:1.22-alpine AS b\nARG APP=a\nWORKDIR /s\nCOPY . .\nRUN go build -o /o/app ./cmd/$APP\nFROM alpine:3.20\nCOPY --from=b /o/app /app\nUSER 1001\nCMD ["/app"]\n' };
  assert.ok(!codes(check(arg, 'Dockerfile')).includes('DW101'));
  const lnd = {
    'go.mod': 'module example.com/lnd\n\ngo 1.22\n',
    'cmd/lnd/main.go': 'package main\nfunc main() {}\n',
    'cmd/lncli/main.go': 'package main\nfunc main() {}\n',
    Dockerfile: 'FROM golang:1.22-alpine AS b\nWORKDIR /s\nCOPY . .\nRUN go build -o /o/lnd ./cmd/lnd && go build -o /o/lncli ./cmd/lncli\nFROM alpine:3.20\nCOPY --from=b /o/ /bin/\nUSER 1001\nENTRYPOINT ["lnd"]\n',
  };
  assert.ok(!codes(check(lnd, 'Dockerfile')).includes('DW101'));
});

test('docs/rules/DW101.md: the Bad example (compose + Dockerfile) triggers DW101, the Dockerfile alone does not', () => {
  const text = fs.readFileSync(path.join(ROOT, 'docs/rules/DW101.md'), 'utf8');
  const bad = /## Bad\n\n```yaml\n([\s\S]*?)```\n\n```dockerfile\n([\s\S]*?)```/.exec(text)!;
  const files = { ...two, 'cmd/server/main.go': 'package main\nfunc main() {}\n', 'cmd/worker/main.go': 'package main\nfunc main() {}\n', 'compose.yaml': bad[1], Dockerfile: bad[2] };
  const f = check(files, 'Dockerfile').filter((x) => x.code === 'DW101');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /Split Dockerfile writes 2 per-program Dockerfiles/);
  assert.deepEqual([f[0].range.start.line, f[0].range.end.line], [4, 5], 'the range covers the whole two-line RUN');
  assert.ok(!codes(check({ ...files, 'compose.yaml': 'services: {}\n' }, 'Dockerfile')).includes('DW101'));
});

test('DW120: programs compiled by ./cmd/... and never copied into the image (the dendrite shape)', () => {
  const files = {
    'go.mod': 'module example.com/a\n\ngo 1.22\n',
    ...Object.fromEntries(['server', 'create-user', 'loadtest', 'demo'].map((n) => [`cmd/${n}/main.go`, 'package main\nfunc main() {}\n'])),
    Dockerfile: 'FROM golang:1.25-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/ ./cmd/...\n\nFROM alpine:3.22\nCOPY --from=build /out/server /usr/bin/server\nCOPY --from=build /out/create-user /usr/bin/create-user\nUSER 1001\nENTRYPOINT ["/usr/bin/server"]\n',
  };
  const f = check(files, 'Dockerfile').filter((x) => x.code === 'DW120');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /compiles 4 programs but the image ships 2 \(create-user, server\): demo, loadtest are built and never copied/);
  assert.equal(f[0].range.start.line, 3);
  assert.ok(!codes(check(files, 'Dockerfile')).includes('DW101'), 'a daemon and its tool: no split');
  const narrowed = { ...files, Dockerfile: files.Dockerfile.replace('./cmd/...', './cmd/server ./cmd/create-user') };
  assert.ok(!codes(check(narrowed, 'Dockerfile')).includes('DW120'));
  const globbed = { ...files, Dockerfile: files.Dockerfile.replace(/COPY --from=build \/out\/server.*\nCOPY --from=build \/out\/create-user.*\n/, 'COPY --from=build /out/ /usr/bin/\n') };
  assert.ok(!codes(check(globbed, 'Dockerfile')).includes('DW120'), 'a folder copy ships them all');
});
