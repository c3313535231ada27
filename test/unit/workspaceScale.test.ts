import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { BatchWorkspace } from '../../server/src/core/batchWorkspace';
import { checkFile, checkFiles, sortFindings } from '../../server/src/core/check';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

/** A workspace that counts how often each text is read. */
class CountingWorkspace extends MemoryWorkspace {
  reads = new Map<string, number>();
  override readText(p: string): string | undefined {
    this.reads.set(p, (this.reads.get(p) ?? 0) + 1);
    return super.readText(p);
  }
}

test('BatchWorkspace answers exists() like the file system, also from folder listings', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-batch-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-outside-'));
  try {
    fs.mkdirSync(path.join(root, 'svc/node_modules/x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'svc/Dockerfile'), 'FROM alpine:3.22\n');
    fs.writeFileSync(path.join(root, 'svc/.dockerignore'), 'node_modules\n');
    fs.writeFileSync(path.join(outside, 'secret'), 'x');
    fs.symlinkSync(outside, path.join(root, 'escape'));
    const disk = new FsWorkspace(root);
    const batch = new BatchWorkspace(disk);
    const probes = [
      'svc', 'svc/', '.', '', 'svc/Dockerfile', 'svc/dockerfile', 'svc/.dockerignore', 'svc/node_modules', 'svc/node_modules/x',
      'svc/.git', 'svc/missing/deeper/still', 'missing', 'missing/x', 'svc/Dockerfile/x', 'svc/../svc/Dockerfile', 'svc/./Dockerfile',
      '../outside', 'escape', 'escape/secret', 'escape/nothing',
    ];
    for (const p of probes) assert.equal(batch.exists(p), disk.exists(p), `exists(${JSON.stringify(p)})`);
    // Asked twice, answered the same (memoised).
    for (const p of probes) assert.equal(batch.exists(p), disk.exists(p), `again exists(${JSON.stringify(p)})`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a batch reads every file once, however many files are checked', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 20; i++) {
    files[`svc${i}/Dockerfile`] = `FROM ${i % 2 ? 'alpine' : 'alpine:3.22'}\nEXPOSE 80${i}\nCMD ["app"]\n`;
    files[`stack${i}/compose.yaml`] = `services:\n  app:\n    build: ../svc${i}\n    ports: ["80${i}:80${i}"]\n`;
  }
  const workspace = new CountingWorkspace(files);
  const analysis = new Analysis(workspace);
  const findings = checkFiles(Object.keys(files).sort(), analysis);
  assert.ok(findings.some((f) => f.code === 'DW114'), 'cross-file rules ran');
  for (const [p, n] of workspace.reads) assert.equal(n, 1, `${p} read ${n} times`);
  // After the batch the workspace is live again: a changed text is seen.
  assert.equal(analysis.workspace, workspace);
});

test('workspace indexes follow edits in a long-lived analysis (DW114 candidates, DW109 compose healthchecks)', () => {
  const memory = new MemoryWorkspace({
    'api/Dockerfile': 'FROM alpine:3.22\n',
    'web/Dockerfile': 'FROM alpine\nEXPOSE 8080\nCMD ["web"]\n',
    'compose.yaml': 'services:\n  web:\n    build: ./web\n    ports: ["8080:8080"]\n',
  });
  const analysis = new Analysis(memory);
  const dw114Fixes = () => checkFile('web/Dockerfile', analysis).find((f) => f.code === 'DW114')!.fixes.map((f) => f.title);
  const has109 = () => checkFile('web/Dockerfile', analysis).some((f) => f.code === 'DW109');
  assert.deepEqual(dw114Fixes(), ['Pin alpine to :3.22 (used elsewhere in the workspace)']);
  assert.equal(has109(), true);

  memory.set('api/Dockerfile', 'FROM alpine:3.21\n');
  assert.deepEqual(dw114Fixes(), ['Pin alpine to :3.21 (used elsewhere in the workspace)']);

  memory.set('compose.yaml', 'services:\n  web:\n    build: ./web\n    ports: ["8080:8080"]\n    healthcheck:\n      test: ["CMD", "true"]\n');
  assert.equal(has109(), false);

  // A new file is seen once the listing is invalidated (the language server does this when files come and go).
  memory.set('tools/Dockerfile', 'FROM alpine:3.20\n');
  analysis.invalidateListing();
  assert.deepEqual(dw114Fixes(), ['Pin alpine to :3.20 (used elsewhere in the workspace)', 'Pin alpine to :3.21 (used elsewhere in the workspace)']);
});

test('workspaceIndex recomputes only when a text, the listing or the config changed', () => {
  const memory = new MemoryWorkspace({ 'a/Dockerfile': 'FROM alpine:3.22\n', 'b/Dockerfile': 'FROM node:22\n' });
  const analysis = new Analysis(memory);
  let computed = 0;
  const index = () => analysis.workspaceIndex('test', 'dockerfile', () => ++computed);
  assert.equal(index(), 1);
  assert.equal(index(), 1);
  memory.set('b/Dockerfile', 'FROM node:24\n');
  assert.equal(index(), 2);
  analysis.config = { rules: { DW114: 'off' } };
  assert.equal(index(), 3);
  analysis.batch(() => {
    assert.equal(index(), 3);
    // Inside a batch the workspace is treated as unchanging: validated once.
    memory.set('a/Dockerfile', 'FROM alpine:3.21\n');
    assert.equal(index(), 3);
  });
  assert.equal(index(), 4);
});

test('a file checked inside a batch is checked the same as alone', () => {
  const files: Record<string, string> = {
    'svc/Dockerfile': 'FROM golang:1.25 AS build\nRUN go build -o /a ./cmd/a && go build -o /b ./cmd/b\nFROM alpine\nCOPY --from=build /a /b /usr/bin/\nEXPOSE 8080\n',
    'compose.yaml': 'services:\n  a:\n    build: ./svc\n    command: ["/usr/bin/a"]\n  b:\n    build: ./svc\n    command: ["/usr/bin/b"]\n    environment:\n      TOKEN: ${TOKEN}\n',
    'svc/cmd/a/main.go': 'package main\nfunc main() {}\n',
    'svc/cmd/b/main.go': 'package main\nfunc main() {}\n',
    'svc/go.mod': 'module example.com/svc\n\ngo 1.25\n',
  };
  const alone = (p: string) => checkFile(p, new Analysis(new MemoryWorkspace(files)));
  const together = checkFiles(['compose.yaml', 'svc/Dockerfile'], new Analysis(new MemoryWorkspace(files)));
  assert.deepEqual(together, sortFindings([...alone('compose.yaml'), ...alone('svc/Dockerfile')]));
  assert.ok(together.length > 0);
});
